package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/config"
)

// Long commands report progress on stderr: plain lines when it is not a
// terminal (a log, CI), one per migration, module or file, ending at
// 100%; stdout keeps only the result, for scripts.
func TestProgressLinesWhenPiped(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.ContentDir = "../../content"

	var out, progress bytes.Buffer
	if err := migrate(ctx, cfg, &out, &progress); err != nil {
		t.Fatal(err)
	}
	lines := nonEmptyLines(progress.String())
	if len(lines) < 10 || lines[0] != fmt.Sprintf("migrate: 0001_init (%d%%, 1 of %d)", 100/len(lines), len(lines)) ||
		lines[len(lines)-1] != fmt.Sprintf("migrate: %04d_%s (100%%, %d of %d)", len(lines), migrationName(lines[len(lines)-1]), len(lines), len(lines)) {
		t.Fatalf("lode migrate reported:\n%s", &progress)
	}
	if strings.Contains(out.String(), "migrate:") {
		t.Fatalf("progress went to stdout: %s", &out)
	}

	progress.Reset()
	if err := checkPaths(ctx, cfg, nil, &out, &progress); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"check: " + filepath.Join(cfg.ContentDir, "patron-privacy-basics") + " (50%, 1 of 2)",
		"check: " + filepath.Join(cfg.ContentDir, "reference-desk-basics") + " (100%, 2 of 2)",
	}
	if got := nonEmptyLines(progress.String()); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("lode check reported:\n%s\nwant:\n%s", &progress, strings.Join(want, "\n"))
	}
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// migrationName is the name part of "migrate: 0012_name (...)".
func migrationName(line string) string {
	f := strings.Fields(line)
	_, name, _ := strings.Cut(f[1], "_")
	return name
}
