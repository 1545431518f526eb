// Package migration reads a store's numbered SQL migrations
// (0001_init.sql, 0002_documents.sql, ...) from an embedded folder. Each
// store applies them in its own dialect; the numbering rule is shared.
package migration

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// Migration is one numbered file.
type Migration struct {
	Version int    // its number; the highest is the schema version a build knows
	Name    string // the part after the number, e.g. "init"
	SQL     string
}

// Load returns the migrations matching pattern in fsys, in order. They must
// be numbered 1, 2, 3... without gaps, so that two builds agree on what a
// schema version means.
func Load(fsys fs.FS, pattern string) ([]Migration, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	out := make([]Migration, 0, len(names))
	for i, name := range names { // fs.Glob sorts names
		base := strings.TrimSuffix(path.Base(name), ".sql")
		num, label, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want number %04d", name, i+1)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: label, SQL: string(b)})
	}
	return out, nil
}

// Progress is told, as migrations are done, which one and how many of how
// many are done. It may be nil.
type Progress func(file string, done, total int64)

// Report tells p, if set, that m is done.
func (p Progress) Report(m Migration, done, total int) {
	if p != nil {
		p(fmt.Sprintf("%04d_%s", m.Version, m.Name), int64(done), int64(total))
	}
}
