package module

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Catalog is the set of loaded modules, safe for concurrent use. Reads
// see an immutable snapshot; Replace swaps in a new one with one module
// changed, so a request holding a module finishes with the version it
// started with. The Catalog shares the modules it is given: nobody may
// change them afterwards.
type Catalog struct {
	current atomic.Pointer[catalogSnapshot]
	write   sync.Mutex // one Replace at a time, so none is lost
}

// catalogSnapshot is one immutable state of a Catalog.
type catalogSnapshot struct {
	byID   map[string]*learning.Module
	sorted []*learning.Module // by title
}

var _ learning.Modules = (*Catalog)(nil)

// NewCatalog returns a catalog of mods. Ids must be unique, as LoadAll
// guarantees; of two modules with one id the first is kept.
func NewCatalog(mods []*learning.Module) *Catalog {
	c := &Catalog{}
	c.current.Store(newSnapshot(mods))
	return c
}

func newSnapshot(mods []*learning.Module) *catalogSnapshot {
	s := &catalogSnapshot{byID: make(map[string]*learning.Module, len(mods))}
	for _, m := range mods {
		if _, dup := s.byID[m.ID]; !dup {
			s.byID[m.ID] = m
			s.sorted = append(s.sorted, m)
		}
	}
	// Case-insensitive, as a reader expects a list of titles to be; the id
	// breaks ties so the order never depends on folder names.
	slices.SortFunc(s.sorted, func(a, b *learning.Module) int {
		return cmp.Or(
			strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)),
			strings.Compare(a.Title, b.Title),
			strings.Compare(a.ID, b.ID),
		)
	})
	return s
}

// Swap serves mods from now on in place of every module: a reload of the
// whole content folder. A request holding a module finishes with it.
func (c *Catalog) Swap(mods []*learning.Module) {
	c.write.Lock()
	defer c.write.Unlock()
	c.current.Store(newSnapshot(mods))
}

// Replace puts m in the catalog in place of the module with its id, or
// adds it: an edited module is served from the next request on, without a
// restart. Learners' progress is kept by object id, so it carries over to
// the new version (see learning.ModuleProgress).
func (c *Catalog) Replace(m *learning.Module) {
	c.write.Lock()
	defer c.write.Unlock()
	old := c.current.Load().sorted
	mods := make([]*learning.Module, 0, len(old)+1)
	mods = append(mods, m)
	for _, o := range old {
		if o.ID != m.ID {
			mods = append(mods, o)
		}
	}
	c.current.Store(newSnapshot(mods))
}

// Module returns the module with the given id, or an ENOTFOUND error.
func (c *Catalog) Module(id string) (*learning.Module, error) {
	m, ok := c.current.Load().byID[id]
	if !ok {
		return nil, engine.Errorf(engine.ENOTFOUND, "no module %q", id)
	}
	return m, nil
}

// Modules returns every module sorted by title. The slice is the caller's.
func (c *Catalog) Modules() []*learning.Module {
	return slices.Clone(c.current.Load().sorted)
}
