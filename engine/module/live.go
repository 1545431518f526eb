package module

import (
	"sync/atomic"

	"github.com/lode-elearning/lode/engine/learning"
)

// Live is the catalog a server currently serves: a Catalog that a reload
// replaces as a whole, atomically. Each call reads the catalog of the
// moment; a request that must see one catalog throughout calls Catalog
// once and keeps it.
type Live struct {
	cur atomic.Pointer[Catalog]
}

var _ learning.Modules = (*Live)(nil)

// NewLive returns a Live serving c.
func NewLive(c *Catalog) *Live {
	l := &Live{}
	l.cur.Store(c)
	return l
}

// Catalog returns the catalog being served.
func (l *Live) Catalog() *Catalog { return l.cur.Load() }

// Swap serves c from now on.
func (l *Live) Swap(c *Catalog) { l.cur.Store(c) }

// Module returns the module with the given id, or an ENOTFOUND error.
func (l *Live) Module(id string) (*learning.Module, error) { return l.Catalog().Module(id) }

// Modules returns every module sorted by title.
func (l *Live) Modules() []*learning.Module { return l.Catalog().Modules() }
