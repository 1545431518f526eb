package module

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk"
)

const sampleDir = "../../content/reference-desk-basics"

// installedTypes describes content types as a server with these versions
// would: it stands in for the plugin host, whose real answers the cmd/lode
// tests use.
type installedTypes map[string]string

func (it installedTypes) Describe(_ context.Context, name string) (*sdk.Description, error) {
	v, ok := it[name]
	if !ok {
		return nil, engine.Errorf(engine.ENOTFOUND, "there is no content type %q", name)
	}
	return &sdk.Description{Name: name, Version: v}, nil
}

var builtinTypes = installedTypes{"page": "1.2.0", "video": "1.0.0", "checklist": "1.0.0", "quiz": "1.1.0", "poll": "2.0.0"}

// mustExport exports the module in dir and returns the package's bytes.
func mustExport(tb testing.TB, dir string) []byte {
	tb.Helper()
	m := MustLoad(tb, dir, nil)
	var buf bytes.Buffer
	if _, err := Export(context.Background(), m, builtinTypes, &buf, nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func writeTemp(tb testing.TB, data []byte) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "module.zip")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestExportHoldsWhatTheModuleUses(t *testing.T) {
	pkg := mustExport(t, sampleDir)
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := []string{"images/desk.svg", "interview.md", "media/check.en.vtt", "media/check.webm", "module.yaml", "welcome.md", ManifestName}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("package holds %v, want %v", names, want)
	}
	mf, err := readManifest(map[string]*zip.File{ManifestName: zr.File[len(zr.File)-1]})
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []ContentTypeNeed{{"checklist", "1.0.0"}, {"page", "1.2.0"}, {"poll", "2.0.0"}, {"quiz", "1.1.0"}, {"video", "1.0.0"}}
	if mf.Module.ID != "reference-desk-basics" || mf.Module.License != "CC-BY-4.0" || !reflect.DeepEqual(mf.ContentTypes, wantTypes) {
		t.Fatalf("manifest %+v", mf)
	}
}

func TestInstallRoundTrip(t *testing.T) {
	ctx := context.Background()
	content := t.TempDir()
	orig := MustLoad(t, sampleDir, nil)
	m, _, err := Install(ctx, content, writeTemp(t, mustExport(t, sampleDir)), nil, builtinTypes, DefaultLimits, nil)
	if err != nil {
		t.Fatal(err)
	}
	mods, problems := LoadAll(ctx, content, nil)
	if len(problems) > 0 || len(mods) != 1 {
		t.Fatalf("LoadAll after import: %d modules, problems %v", len(mods), problems)
	}
	got := mods[0]
	if !reflect.DeepEqual(got.Objects, orig.Objects) || !reflect.DeepEqual(got.Files, orig.Files) || got.Version != m.Version {
		t.Fatalf("the imported module differs from the exported one")
	}
	t.Run("same version again is a conflict", func(t *testing.T) {
		_, _, err := Install(ctx, content, writeTemp(t, mustExport(t, sampleDir)), nil, builtinTypes, DefaultLimits, nil)
		if engine.ErrorCode(err) != engine.ECONFLICT {
			t.Fatalf("got %v, want a conflict", err)
		}
	})
	t.Run("a new version becomes current and the old one is kept", func(t *testing.T) {
		v2 := editedCopy(t, sampleDir, "version: 1.0.0", "version: 1.1.0")
		if _, _, err := Install(ctx, content, writeTemp(t, mustExport(t, v2)), nil, builtinTypes, DefaultLimits, nil); err != nil {
			t.Fatal(err)
		}
		current := MustLoad(t, filepath.Join(content, "reference-desk-basics"), nil)
		old := MustLoad(t, VersionDir(content, "reference-desk-basics", "1.0.0"), nil)
		if current.Version != "1.1.0" || old.Version != "1.0.0" {
			t.Fatalf("current %s, kept %s", current.Version, old.Version)
		}
	})
}

func TestInstallKeepsAHandWrittenFolder(t *testing.T) {
	content := t.TempDir()
	copyDir(t, sampleDir, filepath.Join(content, "reference-desk-basics"))
	v2 := editedCopy(t, sampleDir, "version: 1.0.0", "version: 2.0.0")
	if _, _, err := Install(context.Background(), content, writeTemp(t, mustExport(t, v2)), nil, builtinTypes, DefaultLimits, nil); err != nil {
		t.Fatal(err)
	}
	if m := MustLoad(t, VersionDir(content, "reference-desk-basics", "1.0.0"), nil); m.Version != "1.0.0" {
		t.Fatalf("kept version %s", m.Version)
	}
}

func TestInstallRefusesAnIDAnotherFolderHas(t *testing.T) {
	content := t.TempDir()
	copyDir(t, sampleDir, filepath.Join(content, "reference-desk"))
	_, _, err := Install(context.Background(), content, writeTemp(t, mustExport(t, sampleDir)), nil, builtinTypes, DefaultLimits, nil)
	if engine.ErrorCode(err) != engine.ECONFLICT || !strings.Contains(err.Error(), filepath.Join(content, "reference-desk")+";") {
		t.Fatalf("got %v, want a conflict naming the folder", err)
	}
}

func TestInstallRefusesMissingContentTypes(t *testing.T) {
	content := t.TempDir()
	older := installedTypes{"page": "1.2.0", "video": "1.0.0", "checklist": "1.0.0", "quiz": "1.0.3", "poll": "2.0.0"}
	delete(older, "checklist")
	_, _, err := Install(context.Background(), content, writeTemp(t, mustExport(t, sampleDir)), nil, older, DefaultLimits, nil)
	for _, want := range []string{`content type "checklist" (version 1.0.0) is not installed`, `content type "quiz" is version 1.0.3 here; the package needs 1.1.0`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want it to say %s", err, want)
		}
	}
	wantEmpty(t, content)
}

func TestSatisfies(t *testing.T) {
	for _, tc := range []struct {
		have, need string
		ok         bool
	}{
		{"1.2.0", "1.2.0", true}, {"1.3.0", "1.2.9", true}, {"1.2.1", "1.2.0", true},
		{"1.1.9", "1.2.0", false}, {"2.0.0", "1.2.0", false}, {"0.9.0", "1.0.0", false},
	} {
		if got := satisfies(tc.have, tc.need); got != tc.ok {
			t.Errorf("satisfies(%s, %s) = %v", tc.have, tc.need, got)
		}
	}
}

// wantEmpty fails if a refused import left anything in the content dir.
func wantEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Fatalf("a refused import left %v in the content folder", entries)
	}
}

// editedCopy copies the module folder dir and replaces old by new in its
// module.yaml.
func editedCopy(t *testing.T, dir, old, new string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(dir))
	copyDir(t, dir, out)
	p := filepath.Join(out, FileName)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", p, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// A package whose module has mistakes is reported as lode check reports a
// folder, with the package's name in place of the folder unpacked to.
func TestOpenPackageNamesProblemsInThePackage(t *testing.T) {
	entries := entriesOf(t, mustExport(t, sampleDir))
	var yaml []byte
	for i, e := range entries {
		if e.name == FileName {
			entries[i].data = bytes.Replace(e.data, []byte("license: CC-BY-4.0"), []byte("license: CC-BY-4"), 1)
			yaml = entries[i].data
		}
	}
	entries = editManifest(t, entries, func(mf *Manifest) {
		for i, f := range mf.Files {
			if f.Path == FileName {
				sum := sha256.Sum256(yaml)
				mf.Files[i].Size, mf.Files[i].SHA256 = int64(len(yaml)), hex.EncodeToString(sum[:])
			}
		}
	})
	pkg := writeTemp(t, zipOf(t, entries))
	m, _, problems, err := OpenPackage(context.Background(), pkg, t.TempDir(), nil, builtinTypes, DefaultLimits, nil)
	if m != nil || err != nil {
		t.Fatalf("OpenPackage = %v, %v; want the module's problems", m, err)
	}
	assertProblems(t, problems, filepath.Join(pkg, FileName)+`:11:10: license: "CC-BY-4" is not an SPDX license id; did you mean CC-BY-4.0?`)
}
