package module

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"
)

// entry is one file of a package being doctored.
type entry struct {
	name string
	mode fs.FileMode
	data []byte
}

// entriesOf reads a package into entries, in order.
func entriesOf(t *testing.T, pkg []byte) []entry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, entry{name: f.Name, mode: f.Mode(), data: data})
	}
	return out
}

// zipOf writes entries as they are, however hostile.
func zipOf(t *testing.T, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(e.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// editManifest changes the manifest among entries.
func editManifest(t *testing.T, entries []entry, edit func(*Manifest)) []entry {
	t.Helper()
	for i, e := range entries {
		if e.name == ManifestName {
			var mf Manifest
			if err := json.Unmarshal(e.data, &mf); err != nil {
				t.Fatal(err)
			}
			edit(&mf)
			entries[i].data, _ = json.Marshal(mf)
		}
	}
	return entries
}

func without(entries []entry, name string) []entry {
	var out []entry
	for _, e := range entries {
		if e.name != name {
			out = append(out, e)
		}
	}
	return out
}

func file(name, text string) entry { return entry{name: name, mode: 0o644, data: []byte(text)} }

// Each hostile package is refused with a message naming the entry, and the
// content folder is left as it was.
func TestInstallRefusesHostilePackages(t *testing.T) {
	sample := mustExport(t, sampleDir)
	manyFiles := func(es []entry) []entry {
		for i := range DefaultLimits.MaxFiles {
			es = append(es, file(fmt.Sprintf("media/f%d.vtt", i), "WEBVTT\n"))
		}
		return es
	}
	tests := []struct {
		name   string
		edit   func([]entry) []entry
		limits Limits
		want   string
	}{
		{"path traversal", func(es []entry) []entry { return append(es, file("../evil.md", "x")) },
			DefaultLimits, `"../evil.md": path traversal`},
		{"path traversal inside", func(es []entry) []entry { return append(es, file("media/../../evil.md", "x")) },
			DefaultLimits, `"media/../../evil.md": path traversal`},
		{"absolute path", func(es []entry) []entry { return append(es, file("/etc/cron.d/evil", "x")) },
			DefaultLimits, `"/etc/cron.d/evil": an absolute path`},
		{"windows path", func(es []entry) []entry { return append(es, file(`..\evil.md`, "x")) },
			DefaultLimits, `"..\\evil.md": a backslash`},
		{"symlink", func(es []entry) []entry {
			return append(es, entry{name: "media/passwd.vtt", mode: fs.ModeSymlink | 0o777, data: []byte("/etc/passwd")})
		}, DefaultLimits, `"media/passwd.vtt": a symbolic link`},
		{"zip bomb by ratio", func(es []entry) []entry {
			return append(es, entry{name: "media/zeros.webm", mode: 0o644, data: make([]byte, 16<<20)})
		}, DefaultLimits, `"media/zeros.webm": unpacks to 16777216 bytes from`},
		{"zip bomb by total size", func(es []entry) []entry { return es },
			Limits{MaxFiles: 100, MaxTotalBytes: 64 << 10, MaxRatio: 100}, `"media/check.webm": unpacking it would bring the package over 65536 bytes`},
		{"too many files", manyFiles, DefaultLimits, "the package has 2007 entries; at most 2000 are allowed"},
		{"duplicate name", func(es []entry) []entry { return append(es, file("welcome.md", "# Evil twin")) },
			DefaultLimits, `"welcome.md": the package already has an entry "welcome.md"`},
		{"case-folded duplicate", func(es []entry) []entry { return append(es, file("Welcome.MD", "# Evil twin")) },
			DefaultLimits, `"Welcome.MD": the package already has an entry "welcome.md"; names must differ in more than letter case`},
		{"file and folder", func(es []entry) []entry { return append(es, file("welcome.md/x.vtt", "WEBVTT")) },
			DefaultLimits, `"welcome.md/x.vtt": "welcome.md" is a file in the package`},
		{"checksum mismatch", func(es []entry) []entry {
			for i := range es {
				if es[i].name == "welcome.md" {
					es[i].data = bytes.Replace(es[i].data, []byte("e"), []byte("E"), 1)
				}
			}
			return es
		}, DefaultLimits, `"welcome.md": checksum mismatch`},
		{"manifest missing", func(es []entry) []entry { return without(es, ManifestName) },
			DefaultLimits, "the package has no lode-package.json"},
		{"manifest lists a file the package lacks", func(es []entry) []entry { return without(es, "interview.md") },
			DefaultLimits, `"interview.md": is listed in lode-package.json but not in the package`},
		{"file the manifest does not list", func(es []entry) []entry { return append(es, file("extra.md", "x")) },
			DefaultLimits, `"extra.md": is in the package but not listed in lode-package.json`},
		{"manifest lies about a size", func(es []entry) []entry {
			return editManifest(t, es, func(mf *Manifest) { mf.Files[0].Size++ })
		}, DefaultLimits, `"images/desk.svg": is 708 bytes; lode-package.json says 709`},
		{"manifest lies about the module", func(es []entry) []entry {
			return editManifest(t, es, func(mf *Manifest) { mf.Module.ID = "another-module" })
		}, DefaultLimits, `"lode-package.json": says id "another-module", but module.yaml says "reference-desk-basics"`},
		{"manifest hides a content type", func(es []entry) []entry {
			return editManifest(t, es, func(mf *Manifest) { mf.ContentTypes = mf.ContentTypes[1:] })
		}, DefaultLimits, `"lode-package.json": does not list content type "checklist"`},
		{"manifest of an unknown format", func(es []entry) []entry {
			return editManifest(t, es, func(mf *Manifest) { mf.Format = 2 })
		}, DefaultLimits, "is package format 2; this Lode reads format 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			content := t.TempDir()
			pkg := writeTemp(t, zipOf(t, tc.edit(entriesOf(t, sample))))
			m, _, err := Install(context.Background(), content, pkg, nil, builtinTypes, tc.limits, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Install = %v, %v; want an error containing\n%s", m, err, tc.want)
			}
			wantEmpty(t, content)
		})
	}
}
