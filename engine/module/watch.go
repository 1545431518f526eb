package module

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/lode-elearning/lode/engine/learning"
)

// Watcher reloads the modules of a content folder into a Catalog
// whenever a file in it changes, for authors who want to see an edit
// without restarting the server. A module that now has problems keeps
// its last good version served, and the problems are logged.
type Watcher struct {
	Dir       string
	Validator Validator
	Catalog   *Catalog
	Log       *slog.Logger
	// Debounce waits for a burst of changes to end (an editor saving
	// through a temporary file, a copy of many files) before reloading
	// once. Zero means 200 ms.
	Debounce time.Duration
	// Publish, if set, picks the modules to serve of those loaded: the
	// admin area's unpublished modules stay out across reloads.
	Publish func(mods []*learning.Module) []*learning.Module
	// Reloaded, if set, is called after each reload; tests wait on it.
	Reloaded func(mods []*learning.Module, problems []Problem)
}

// Start watches the content folder until ctx ends. The folders are
// watched when it returns, so a change made after it is seen; it returns
// an error only if watching cannot start. wait blocks until watching has
// stopped.
func (w *Watcher) Start(ctx context.Context) (wait func(), err error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w.watchTree(fw)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer fw.Close()
		w.loop(ctx, fw)
	}()
	return func() { <-done }, nil
}

// loop reloads once each burst of changes has settled.
func (w *Watcher) loop(ctx context.Context, fw *fsnotify.Watcher) {
	debounce := cmp.Or(w.Debounce, 200*time.Millisecond)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-fw.Events:
			if !ok {
				return
			}
			if ev.Op != fsnotify.Chmod {
				timer.Reset(debounce)
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return
			}
			w.Log.Warn("watching content", "dir", w.Dir, "err", err)
		case <-timer.C:
			w.reload(ctx)
			w.watchTree(fw) // new module folders and subfolders
		}
	}
}

// watchTree watches the content folder and every folder below it, but not
// dot folders (.versions, imports being unpacked): what is served from
// there is reached through the links beside them. fsnotify watches one
// folder at a time, so every folder is added.
func (w *Watcher) watchTree(fw *fsnotify.Watcher) {
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		if err := fw.Add(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
			w.Log.Warn("cannot watch a content folder", "dir", dir, "err", err)
		}
		entries, err := os.ReadDir(dir)
		if err != nil || depth > 8 {
			return
		}
		for _, e := range entries {
			sub := filepath.Join(dir, e.Name())
			if strings.HasPrefix(e.Name(), ".") || !isDir(sub) {
				continue
			}
			walk(sub, depth+1)
		}
	}
	walk(w.Dir, 0)
}

// isDir reports whether path is a folder, following symlinks (an imported
// module is a link to its version's folder).
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// reload loads the content folder again and swaps the result in.
func (w *Watcher) reload(ctx context.Context) {
	mods, problems := LoadAll(ctx, w.Dir, w.Validator)
	if ctx.Err() != nil {
		return // shutting down: what loaded may be partial
	}
	mods = keepLastGood(w.Catalog, mods, w.Log)
	for _, p := range problems {
		w.Log.Warn("module problem", "problem", p.String())
	}
	if w.Publish != nil {
		mods = w.Publish(mods)
	}
	w.Catalog.Swap(mods)
	w.Log.Info("modules reloaded", "dir", w.Dir, "modules", len(mods), "problems", len(problems))
	if w.Reloaded != nil {
		w.Reloaded(mods, problems)
	}
}

// keepLastGood adds to mods each module of old that did not load this
// time although its folder is still there: it has problems now, and
// learners keep the version that worked until they are fixed. A module
// whose folder has gone is dropped.
func keepLastGood(old *Catalog, mods []*learning.Module, log *slog.Logger) []*learning.Module {
	loaded := map[string]bool{}
	for _, m := range mods {
		loaded[m.ID], loaded[m.Dir] = true, true
	}
	for _, m := range old.Modules() {
		if loaded[m.ID] || loaded[m.Dir] || !isFile(filepath.Join(m.Dir, FileName)) {
			continue
		}
		log.Warn("module has problems; still serving its last good version", "module", m.ID, "version", m.Version)
		mods = append(mods, m)
	}
	return mods
}
