package module

import (
	"cmp"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Catalog is an immutable set of loaded modules, safe for concurrent use.
// Content is reloaded by loading a new Catalog and swapping it in (an
// atomic.Pointer[Catalog] in the caller); requests holding the old one
// finish with it. The Catalog shares the modules it is given: nobody may
// change them afterwards.
type Catalog struct {
	byID   map[string]*learning.Module
	sorted []*learning.Module // by title
}

var _ learning.Modules = (*Catalog)(nil)

// NewCatalog returns a catalog of mods. Ids must be unique, as LoadAll
// guarantees; of two modules with one id the first is kept.
func NewCatalog(mods []*learning.Module) *Catalog {
	c := &Catalog{byID: make(map[string]*learning.Module, len(mods))}
	for _, m := range mods {
		if _, dup := c.byID[m.ID]; !dup {
			c.byID[m.ID] = m
			c.sorted = append(c.sorted, m)
		}
	}
	// Case-insensitive, as a reader expects a list of titles to be; the id
	// breaks ties so the order never depends on folder names.
	slices.SortFunc(c.sorted, func(a, b *learning.Module) int {
		return cmp.Or(
			strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)),
			strings.Compare(a.Title, b.Title),
			strings.Compare(a.ID, b.ID),
		)
	})
	return c
}

// Module returns the module with the given id, or an ENOTFOUND error.
func (c *Catalog) Module(id string) (*learning.Module, error) {
	m, ok := c.byID[id]
	if !ok {
		return nil, engine.Errorf(engine.ENOTFOUND, "no module %q", id)
	}
	return m, nil
}

// Modules returns every module sorted by title. The slice is the caller's.
func (c *Catalog) Modules() []*learning.Module {
	return slices.Clone(c.sorted)
}
