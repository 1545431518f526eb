package module

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

func TestSequencing(t *testing.T) {
	const head = "id: m\ntitle: M\nversion: 1.0.0\n"
	const objects = "objects:\n  - {id: a, type: page, title: A}\n"
	for _, tt := range []struct{ name, yaml, want string }{
		{"default", head + objects, ""},
		{"free", head + "sequencing: free\n" + objects, learning.SequencingFree},
		{"linear", head + "sequencing: linear\n" + objects, learning.SequencingLinear},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := MustLoad(t, writeModule(t, map[string]string{"module.yaml": tt.yaml}), nil)
			if m.Sequencing != tt.want {
				t.Errorf("sequencing %q, want %q", m.Sequencing, tt.want)
			}
		})
	}
	t.Run("Unknown", func(t *testing.T) {
		dir := writeModule(t, map[string]string{"module.yaml": head + "sequencing: strict\n" + objects})
		_, ps := Load(context.Background(), dir, nil)
		assertProblems(t, ps, filepath.Join(dir, "module.yaml")+`:4:13: sequencing: must be "free" or "linear", got "strict"`)
	})
}
