package module

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lode-elearning/lode/engine/learning"
)

// LoadAll loads every module in the immediate subfolders of root that hold
// a module.yaml, in folder name order; folders without one (and dot
// folders) are ignored. A module with problems is reported and left out
// while the others load, so one broken module never takes the catalog down.
// A module whose id an earlier folder already uses is reported and left
// out. Modules with only warnings load. If ctx ends, loading stops and that
// is reported as a problem.
func LoadAll(ctx context.Context, root string, v Validator) ([]*learning.Module, []Problem) {
	return LoadAllWith(ctx, root, v, nil)
}

// LoadAllWith is LoadAll telling progress, if not nil, of each module
// folder as it is loaded, and how many of how many are done.
func LoadAllWith(ctx context.Context, root string, v Validator, progress Progress) ([]*learning.Module, []Problem) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, []Problem{{File: root, Message: "cannot read the content folder (" + cause(err) + ")"}}
	}
	var dirs []string
	for _, e := range entries {
		dir := filepath.Join(root, e.Name())
		if !strings.HasPrefix(e.Name(), ".") && isFile(filepath.Join(dir, FileName)) {
			dirs = append(dirs, dir)
		}
	}
	var mods []*learning.Module
	_, problems := LoadFramework(filepath.Join(root, FrameworkFile))
	usedBy := map[string]string{} // module id → the module.yaml that has it
	for i, dir := range dirs {
		if err := ctx.Err(); err != nil {
			problems = append(problems, Problem{File: root, Message: "loading stopped: " + err.Error()})
			break
		}
		m, idNode, ps := load(ctx, dir, v)
		progress.report(dir, int64(i+1), int64(len(dirs)))
		problems = append(problems, ps...)
		if m == nil {
			continue
		}
		file := filepath.Join(dir, FileName)
		if first, dup := usedBy[m.ID]; dup {
			problems = append(problems, Problem{
				File: file, Line: idNode.Line, Column: idNode.Column, Field: "id",
				Message: fmt.Sprintf("module id %q is already used by %s; this module is not loaded", m.ID, first),
			})
			continue
		}
		usedBy[m.ID] = file
		mods = append(mods, m)
	}
	return mods, problems
}

// isFile reports whether path is a regular file, following symlinks so that
// a content folder may link to modules kept elsewhere.
func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
