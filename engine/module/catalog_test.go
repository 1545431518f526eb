package module

import (
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

func TestCatalog(t *testing.T) {
	mods := []*learning.Module{
		{ID: "zeta", Title: "Weeding the Collection"},
		{ID: "alpha", Title: "accessible Services"},
		{ID: "beta", Title: "Copyright Basics"},
		{ID: "alpha", Title: "A duplicate id"},
	}
	c := NewCatalog(mods)
	mods[0] = nil // the catalog keeps its own list

	var titles []string
	for _, m := range c.Modules() {
		titles = append(titles, m.Title)
	}
	if want := []string{"accessible Services", "Copyright Basics", "Weeding the Collection"}; len(titles) != 3 ||
		titles[0] != want[0] || titles[1] != want[1] || titles[2] != want[2] {
		t.Errorf("Modules() titles = %q, want %q", titles, want)
	}

	c.Modules()[0] = nil // nor is it changed through what Modules returns
	if c.Modules()[0] == nil {
		t.Error("changing the slice Modules returned changed the catalog")
	}

	t.Run("OK", func(t *testing.T) {
		m, err := c.Module("alpha")
		if err != nil || m.Title != "accessible Services" {
			t.Errorf("Module(alpha) = %v, %v", m, err)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		m, err := c.Module("nope")
		if m != nil || engine.ErrorCode(err) != engine.ENOTFOUND || err.Error() != `no module "nope"` {
			t.Errorf("Module(nope) = %v, %v; want ENOTFOUND", m, err)
		}
	})
}
