package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The commands as typed: flags after the arguments, the content directory
// from the environment, a hostile package refused by name with nothing
// left behind.
func TestExportImportCommands(t *testing.T) {
	if _, err := lodeBinary(); err != nil {
		t.Fatal(err)
	}
	content := t.TempDir()
	t.Setenv("LODE_CONTENT_DIR", content)
	t.Setenv("LODE_DATA_DIR", t.TempDir())
	ctx := context.Background()
	pkg := filepath.Join(t.TempDir(), "rdb.zip")
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"export", "../../content/reference-desk-basics", "-o", pkg}, &out, &errOut); err != nil {
		t.Fatalf("lode export: %v\n%s", err, &errOut)
	}
	if !strings.Contains(out.String(), "exported reference-desk-basics 1.0.0 (6 files) to "+pkg) {
		t.Errorf("lode export said %q", &out)
	}

	hostile := filepath.Join(t.TempDir(), "hostile.zip")
	withEntry(t, pkg, hostile, "../../outside.md")
	err := run(ctx, []string{"import", hostile}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), `package entry "../../outside.md": path traversal`) {
		t.Fatalf("lode import of a hostile package: %v", err)
	}
	if entries, _ := os.ReadDir(content); len(entries) > 0 {
		t.Fatalf("the refused import left %v", entries)
	}

	out.Reset()
	if err := run(ctx, []string{"import", pkg}, &out, &errOut); err != nil {
		t.Fatalf("lode import: %v\n%s", err, &errOut)
	}
	if err := run(ctx, []string{"check"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "1 module(s) loaded from "+content) {
		t.Fatalf("lode check after the import: %v\n%s", err, &out)
	}
}

// withEntry copies the package at from to to, adding an entry.
func withEntry(t *testing.T, from, to, name string) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		if err := zw.Copy(e); err != nil {
			t.Fatal(err)
		}
	}
	if w, err := zw.Create(name); err != nil {
		t.Fatal(err)
	} else if _, err := w.Write([]byte("# outside")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	plain := newProgress(&b, "import")
	plain.report("media/check.webm", 512, 2048)
	plain.done()
	if got := b.String(); got != "import: media/check.webm (25%, 512 B of 2.0 KiB)\n" {
		t.Errorf("plain progress %q", got)
	}
	b.Reset()
	bar := &progressBar{w: &b, label: "import", tty: true, width: 10}
	bar.report("a", 1<<20, 4<<20)
	bar.report("b", 4<<20, 4<<20)
	bar.done()
	want := "\rimport [##        ]  25% 1.0 MiB of 4.0 MiB\rimport [##########] 100% 4.0 MiB of 4.0 MiB\n"
	if got := b.String(); got != want {
		t.Errorf("progress bar %q, want %q", got, want)
	}
}
