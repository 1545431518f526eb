package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/config"
)

// The poll example is written for version 1 of the poll (type_version: 1,
// "options"); the built-in poll is version 2 and upgrades it, so lode check
// passes it. Raised to a version the poll does not have yet, lode check
// names the file and line.
func TestCheckPollTypeVersion(t *testing.T) {
	if _, err := lodeBinary(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, version, want string
	}{
		{"WrittenForV1", "1", ""},
		{"WrittenForV3", "3", ":19:5: objects[0].config: type_version 3 is newer than this content type's version 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			content := t.TempDir()
			module := filepath.Join(content, "library-poll")
			if err := os.CopyFS(module, os.DirFS("../../plugins/poll/example/library-poll")); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(module, "module.yaml")
			yaml, err := os.ReadFile(path)
			if err != nil || !bytes.Contains(yaml, []byte("type_version: 1\n")) {
				t.Fatalf("the poll example no longer says type_version: 1 (%v)", err)
			}
			yaml = bytes.Replace(yaml, []byte("type_version: 1\n"), []byte("type_version: "+tt.version+"\n"), 1)
			if err := os.WriteFile(path, yaml, 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := config.Default()
			cfg.ContentDir = content
			var out bytes.Buffer
			err = check(context.Background(), cfg, &out)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("lode check: %v\n%s", err, &out)
				}
				return
			}
			if err == nil || !strings.Contains(out.String(), path+tt.want) {
				t.Errorf("lode check: %v, printed\n%s\nwant a line starting\n%s", err, &out, path+tt.want)
			}
		})
	}
}
