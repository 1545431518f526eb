package module

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

func TestMediaPath(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeModule(t, map[string]string{
		"module.yaml":        "id: m",
		"media/intro.en.vtt": "WEBVTT",
		"media/poster.png":   "png",
		".env":               "SECRET=1",
		".git/config":        "[core]",
		"media/.draft.md":    "draft",
	})
	for name, target := range map[string]string{
		"media/poster-link.png": "poster.png",
		"escape.txt":            filepath.Join(outside, "secret.txt"),
		"escape-dir":            outside,
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	// Named by the module's objects (sorted); media/poster.png is not, and
	// the escaping links are named to show the path checks still hold.
	m := &learning.Module{ID: "m", Dir: dir, Files: []string{
		"escape-dir/secret.txt", "escape.txt", "media/intro.en.vtt", "media/poster-link.png",
	}}

	tests := []struct {
		rel  string
		code string // "" for a path that is served
	}{
		{"media/intro.en.vtt", ""},
		{"media/poster-link.png", ""}, // a symlink that stays inside
		{"../secret.txt", engine.EINVALID},
		{"media/../../secret.txt", engine.EINVALID},
		{"media/../module.yaml", engine.EINVALID}, // not clean
		{"/etc/passwd", engine.EINVALID},
		{"media//intro.en.vtt", engine.EINVALID},
		{"media\\intro.en.vtt", engine.EINVALID},
		{"media/intro.en.vtt\x00.png", engine.EINVALID},
		{"", engine.EINVALID},
		{".", engine.EINVALID},
		{"module.yaml", engine.ENOTFOUND},
		{"Module.YAML", engine.ENOTFOUND},
		{".env", engine.ENOTFOUND},
		{".git/config", engine.ENOTFOUND},
		{"media/.draft.md", engine.ENOTFOUND},
		{"media", engine.ENOTFOUND}, // a folder
		{"media/missing.png", engine.ENOTFOUND},
		{"media/poster.png", engine.ENOTFOUND}, // there, but no object names it
		{"escape.txt", engine.ENOTFOUND},
		{"escape-dir/secret.txt", engine.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			got, err := MediaPath(m, tt.rel)
			if code := engine.ErrorCode(err); code != tt.code {
				t.Fatalf("MediaPath(%q) error = %v (code %q), want code %q", tt.rel, err, code, tt.code)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tt.rel)); tt.code == "" && got != want {
				t.Errorf("MediaPath(%q) = %q, want %q", tt.rel, got, want)
			}
		})
	}
}
