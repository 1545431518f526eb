package learning

import (
	"slices"
	"sync/atomic"
)

// EmbedSites are the sites allowed to frame every module's embed pages.
// Administrators change the list while the site runs (in the admin area),
// so it is read at each request rather than fixed at start; its zero value
// allows no site.
type EmbedSites struct {
	list atomic.Pointer[[]string]
}

// NewEmbedSites starts with origins (the configuration's embed_origins).
func NewEmbedSites(origins []string) *EmbedSites {
	e := &EmbedSites{}
	e.Set(origins)
	return e
}

// List returns the sites; callers may not change it.
func (e *EmbedSites) List() []string {
	if p := e.list.Load(); p != nil {
		return *p
	}
	return nil
}

// Set replaces the sites.
func (e *EmbedSites) Set(origins []string) {
	c := slices.Clone(origins)
	e.list.Store(&c)
}
