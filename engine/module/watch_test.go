package module

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
)

// mustWatch watches a copy of the sample content and returns its folder,
// the cat catalog and a channel told of each reload.
func mustWatch(t *testing.T) (string, *Catalog, chan []*learning.Module) {
	t.Helper()
	content := t.TempDir()
	copyDir(t, sampleDir, filepath.Join(content, "reference-desk-basics"))
	mods, _ := LoadAll(context.Background(), content, nil)
	cat := NewCatalog(mods)
	reloads := make(chan []*learning.Module, 100)
	ctx, cancel := context.WithCancel(context.Background())
	w := &Watcher{Dir: content, Catalog: cat, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Debounce: 20 * time.Millisecond,
		Reloaded: func(mods []*learning.Module, _ []Problem) { reloads <- mods }}
	wait, err := w.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); wait() })
	return content, cat, reloads
}

func nextReload(t *testing.T, reloads chan []*learning.Module) []*learning.Module {
	t.Helper()
	select {
	case mods := <-reloads:
		return mods
	case <-time.After(30 * time.Second):
		t.Fatal("no reload after a change")
		return nil
	}
}

func TestWatcher(t *testing.T) {
	content, cat, reloads := mustWatch(t)
	dir := filepath.Join(content, "reference-desk-basics")
	edit := func(old, new string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, FileName))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("module.yaml has no %q", old)
		}
		edited := strings.Replace(string(data), old, new, 1)
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	title := func() string {
		m, err := cat.Module("reference-desk-basics")
		if err != nil {
			t.Fatal(err)
		}
		return m.Title
	}

	t.Run("an edit is served", func(t *testing.T) {
		edit("title: Reference Desk Basics", "title: Reference Desk Essentials")
		nextReload(t, reloads)
		if got := title(); got != "Reference Desk Essentials" {
			t.Fatalf("title %q after the edit", got)
		}
	})
	t.Run("a broken module keeps its last good version", func(t *testing.T) {
		edit("version: 1.0.0", "version: one")
		if mods := nextReload(t, reloads); len(mods) != 1 {
			t.Fatalf("%d modules served", len(mods))
		}
		if got := title(); got != "Reference Desk Essentials" {
			t.Fatalf("title %q, want the last good one", got)
		}
	})
	t.Run("a removed module is no longer served", func(t *testing.T) {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for len(cat.Modules()) != 0 {
			nextReload(t, reloads) // removing many files may settle in more than one burst
		}
	})
	t.Run("an imported package is served", func(t *testing.T) {
		pkg := writeTemp(t, mustExport(t, sampleDir))
		if _, _, err := Install(context.Background(), content, pkg, nil, builtinTypes, DefaultLimits, nil); err != nil {
			t.Fatal(err)
		}
		for len(cat.Modules()) != 1 {
			nextReload(t, reloads)
		}
		if got := title(); got != "Reference Desk Basics" {
			t.Fatalf("title %q after the import", got)
		}
	})
}

// Readers never see a half-swapped catalog (run with -race).
func TestCatalogSwapIsSafeWhileRead(t *testing.T) {
	a := []*learning.Module{{ID: "a", Title: "A"}}
	b := []*learning.Module{{ID: "b", Title: "B"}}
	cat := NewCatalog(a)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				if mods := cat.Modules(); len(mods) != 1 {
					t.Errorf("%d modules", len(mods))
				}
			}
		})
	}
	for i := range 1000 {
		cat.Swap([][]*learning.Module{a, b}[i%2])
	}
	wg.Wait()
}
