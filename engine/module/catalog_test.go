package module

import (
	"fmt"
	"sync"
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

func TestCatalogReplace(t *testing.T) {
	c := NewCatalog([]*learning.Module{{ID: "a", Title: "B first", Version: "1.0.0"}, {ID: "b", Title: "C second"}})
	before, _ := c.Module("a")
	c.Replace(&learning.Module{ID: "a", Title: "D now last", Version: "1.1.0"})
	c.Replace(&learning.Module{ID: "new", Title: "A added"})
	if m, err := c.Module("a"); err != nil || m.Version != "1.1.0" {
		t.Fatalf("Module(a) = %+v, %v; want version 1.1.0", m, err)
	}
	if before.Version != "1.0.0" {
		t.Fatal("Replace changed the module a caller already held")
	}
	var ids []string
	for _, m := range c.Modules() {
		ids = append(ids, m.ID)
	}
	if len(ids) != 3 || ids[0] != "new" || ids[1] != "b" || ids[2] != "a" {
		t.Fatalf("modules %v, want new, b, a (by title)", ids)
	}
	t.Run("AtOnce", func(t *testing.T) {
		// Replaces racing with each other and with readers lose no module
		// (run with -race).
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() { c.Replace(&learning.Module{ID: fmt.Sprintf("m%d", i), Title: "T"}) })
			wg.Go(func() { c.Modules() })
		}
		wg.Wait()
		if n := len(c.Modules()); n != 3+16 {
			t.Fatalf("%d modules after 16 additions to 3, want 19", n)
		}
	})
}
