package module

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fileModule = "id: m\ntitle: M\nversion: 1.0.0\nobjects:\n  - id: a\n    type: page\n    title: A\n    config:\n      body: !file "

func TestLoad_FileTag(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		files   map[string]string
		links   map[string]string // link name → target
		file    string            // what !file names
		want    string            // the config's JSON, when it loads
		problem string            // the problem's message, when it does not
	}{
		{name: "inlined as a string", files: map[string]string{"text/welcome.md": "# Hi \"there\"\n<b>bold</b>"},
			file: "text/welcome.md", want: `{"body":"# Hi \"there\"\n<b>bold</b>"}`},
		{name: "dot segments inside the folder", files: map[string]string{"welcome.md": "hi"},
			file: "text/../welcome.md", want: `{"body":"hi"}`},
		{name: "symlink inside the folder", files: map[string]string{"real.md": "real"},
			links: map[string]string{"link.md": "real.md"}, file: "link.md", want: `{"body":"real"}`},
		{name: "symlink out of the folder", links: map[string]string{"link.md": outside}, file: "link.md",
			problem: `!file "link.md": cannot be read inside the module folder (path escapes from parent); symlinks must not lead out of it`},
		{name: "symlinked folder out of the folder", links: map[string]string{"etc": filepath.Dir(outside)}, file: "etc/secret.txt",
			problem: `!file "etc/secret.txt": cannot be read inside the module folder (path escapes from parent); symlinks must not lead out of it`},
		{name: "parent folder", file: "../secret.txt",
			problem: `!file "../secret.txt": the path leaves the module folder; only files inside it can be used`},
		{name: "absolute path", file: outside,
			problem: `!file "` + outside + `": use a path relative to the module folder, not an absolute path`},
		{name: "over 1 MiB", files: map[string]string{"big.md": strings.Repeat("a", maxFileBytes+1)}, file: "big.md",
			problem: `!file "big.md": is larger than 1 MiB; put large media in the folder and link to it instead`},
		{name: "exactly 1 MiB", files: map[string]string{"big.md": strings.Repeat("a", maxFileBytes)}, file: "big.md",
			want: `{"body":"` + strings.Repeat("a", maxFileBytes) + `"}`},
		{name: "not text", files: map[string]string{"image.png": "\x89PNG\r\n\x1a\n\xff\xfe"}, file: "image.png",
			problem: `!file "image.png": is not UTF-8 text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"module.yaml": fileModule + tt.file + "\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := writeModule(t, files)
			for name, target := range tt.links {
				if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			m, ps := Load(context.Background(), dir, nil)
			if tt.problem != "" {
				assertProblems(t, ps, filepath.Join(dir, "module.yaml")+":9:13: objects[0].config/body: "+tt.problem)
				return
			}
			if m == nil {
				t.Fatalf("problems: %v", problemStrings(ps))
			}
			if got := string(m.Objects[0].Config); got != tt.want {
				t.Errorf("config = %.200s, want %.200s", got, tt.want)
			}
		})
	}
}

// !file works for the module's own text fields too, so a long description
// can live in a Markdown file.
func TestLoad_FileTagInDescription(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"module.yaml":    "id: m\ntitle: M\ndescription: !file about.md\nversion: 1.0.0\nobjects: [{id: a, type: page, title: A}]\n",
		"about.md":       "About *this* module.",
		"media/clip.vtt": "WEBVTT",
	})
	if m := MustLoad(t, dir, nil); m.Description != "About *this* module." {
		t.Errorf("Description = %q", m.Description)
	}
}

func TestLoad_NoModuleFile(t *testing.T) {
	dir := t.TempDir()
	_, ps := Load(context.Background(), dir, nil)
	assertProblems(t, ps, filepath.Join(dir, "module.yaml")+": no such file in the module folder")
}
