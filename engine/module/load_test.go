package module

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

// problemStrings formats problems for comparison.
func problemStrings(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func assertProblems(tb testing.TB, got []Problem, want ...string) {
	tb.Helper()
	gs := problemStrings(got)
	if strings.Join(gs, "\n") != strings.Join(want, "\n") {
		tb.Errorf("problems:\n  got:\n\t%s\n  want:\n\t%s", strings.Join(gs, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// MustLoad loads the module in dir and fails the test on any problem.
func MustLoad(tb testing.TB, dir string, v Validator) *learning.Module {
	tb.Helper()
	m, ps := Load(context.Background(), dir, v)
	if m == nil || len(ps) > 0 {
		tb.Fatalf("Load(%s): %v", dir, problemStrings(ps))
	}
	return m
}

// writeModule writes files into a new folder and returns it.
func writeModule(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestLoad_Good(t *testing.T) {
	m := MustLoad(t, "testdata/good", nil)
	if m.ID != "finding-reliable-health-info" || m.Title != "Finding Reliable Health Information" ||
		m.Version != "1.2.0" || m.CEHours != 1.5 || m.License != "CC-BY-4.0" || m.Language != "en-US" {
		t.Errorf("module fields: %+v", m)
	}
	if abs, _ := filepath.Abs("testdata/good"); m.Dir != abs {
		t.Errorf("Dir = %q, want %q", m.Dir, abs)
	}
	want := []learning.Object{
		{ID: "welcome", Type: "page", Title: "Welcome", Required: true,
			Config: []byte(`{"body":"# Welcome\n\nThis module takes about 90 minutes.\n"}`)},
		{ID: "check", Type: "quiz", Title: "Check your understanding", Required: false,
			Config: []byte(`{"passing_score":0.8,"shuffle":true,"intro":null,"questions":[` +
				`{"id":"q1","type":"single_choice","prompt":"Which site is most reliable?","choices":[` +
				`{"id":"a","text":"MedlinePlus","correct":true},{"id":"b","text":"A forum <post>","correct":false}]},` +
				`{"id":"q2","type":"fill_in","accepted":["PubMed","PubMed"]}]}`)},
		{ID: "intro-video", Type: "video", Title: "Introduction", Required: true, Config: []byte(`{}`)},
	}
	if len(m.Objects) != len(want) {
		t.Fatalf("got %d objects, want %d", len(m.Objects), len(want))
	}
	for i, w := range want {
		g := m.Objects[i]
		if g.ID != w.ID || g.Type != w.Type || g.Title != w.Title || g.Required != w.Required || string(g.Config) != string(w.Config) {
			t.Errorf("object %d:\n got  %+v %s\n want %+v %s", i, g, g.Config, w, w.Config)
		}
	}
}

func TestLoad_LanguageDefaultsToEnglish(t *testing.T) {
	dir := writeModule(t, map[string]string{"module.yaml": "id: m\ntitle: M\nversion: 0.1.0\nobjects: [{id: a, type: page, title: A}]\n"})
	if m := MustLoad(t, dir, nil); m.Language != "en" || m.CEHours != 0 {
		t.Errorf("Language = %q, CEHours = %v; want en, 0", m.Language, m.CEHours)
	}
}

// TestLoad_Broken loads each deliberately broken module in testdata/broken
// and checks every problem reported, in order.
func TestLoad_Broken(t *testing.T) {
	tests := []struct {
		dir  string
		want []string
	}{
		{"syntax-error", []string{
			"syntax-error/module.yaml:4: YAML syntax error on this line or below it: did not find expected '-' indicator",
		}},
		{"empty", []string{
			"empty/module.yaml:1: the file is empty; a module needs at least an id, a title, a version and objects",
		}},
		{"not-a-mapping", []string{
			"not-a-mapping/module.yaml:1:1: module.yaml must be a mapping of fields (id: ..., title: ..., objects: ...), not a list",
		}},
		{"two-documents", []string{
			"two-documents/module.yaml:6: a second YAML document starts here (after ---); module.yaml holds exactly one",
		}},
		{"missing-fields", []string{
			"missing-fields/module.yaml:1:1: objects: missing; list the module's learning objects",
			"missing-fields/module.yaml:1:1: title: missing; give the module a title",
			"missing-fields/module.yaml:1:1: version: missing; give the module a semantic version such as 1.0.0",
		}},
		{"bad-values", []string{
			`bad-values/module.yaml:1:5: id: must be lowercase letters, digits and dashes such as health-info, got "Health_Info"`,
			`bad-values/module.yaml:2:1: tittle: unknown field "tittle"; did you mean "title"?`,
			`bad-values/module.yaml:3:8: title: must not be empty`,
			`bad-values/module.yaml:4:10: version: must be a semantic version such as 1.2.0, got "1.2"`,
			`bad-values/module.yaml:5:11: ce_hours: must be a number of hours such as 1.5, got "lots"`,
			`bad-values/module.yaml:6:10: license: must be an SPDX license id such as CC-BY-4.0, got "CC BY 4.0"`,
			`bad-values/module.yaml:7:11: language: must be a BCP 47 language tag such as en or es-MX, got "English"`,
		}},
		{"misspelt-license", []string{
			`misspelt-license/module.yaml:4:10: license: "CC-BY-4" is not an SPDX license id; did you mean CC-BY-4.0?`,
		}},
		{"negative-hours", []string{
			"negative-hours/module.yaml:4:11: ce_hours: must be 0 or more, got -1",
			"negative-hours/module.yaml:5:10: objects: a module needs at least one object",
		}},
		{"objects-not-a-list", []string{
			"objects-not-a-list/module.yaml:5:3: objects: must be a list of objects, not a mapping",
		}},
		{"bad-objects", []string{
			`bad-objects/module.yaml:8:9: objects[1].id: object id "welcome" is already used on line 5; ids must be unique in a module`,
			`bad-objects/module.yaml:11:5: objects[2].type: missing; name the object's content type, such as page or quiz`,
			`bad-objects/module.yaml:11:9: objects[2].id: must be lowercase letters, digits, dashes and underscores such as welcome, got "Quiz 1"`,
			`bad-objects/module.yaml:12:5: objects[2].typ: unknown field "typ"; did you mean "type"?`,
			`bad-objects/module.yaml:13:12: objects[2].title: must be text, not a list`,
			`bad-objects/module.yaml:14:5: objects[2].requried: unknown field "requried"; did you mean "required"?`,
			`bad-objects/module.yaml:15:15: objects[2].required: must be true or false, got "maybe"`,
			`bad-objects/module.yaml:16:5: objects[3]: must be a mapping (id: ..., type: ..., title: ...), not a single value`,
		}},
		{"duplicate-keys", []string{
			"duplicate-keys/module.yaml:3:1: title: written twice (first on line 2); keep one",
			"duplicate-keys/module.yaml:11:7: objects[0].config/body: written twice (first on line 10); keep one",
		}},
		{"bad-files", []string{
			`bad-files/module.yaml:9:13: objects[0].config/body: !file "../../etc/passwd": the path leaves the module folder; only files inside it can be used`,
			`bad-files/module.yaml:10:16: objects[0].config/sidebar: !file "/etc/passwd": use a path relative to the module folder, not an absolute path`,
			`bad-files/module.yaml:11:15: objects[0].config/footer: !file "missing.md": no such file in the module folder`,
			`bad-files/module.yaml:12:15: objects[0].config/folder: !file "media": is not a regular file`,
			`bad-files/module.yaml:13:14: objects[0].config/empty: !file needs a file name, such as !file welcome.md`,
		}},
		{"missing-media", []string{
			`missing-media/body.md:5: objects[0].config/body: images/map.svg is not in the module folder`,
			`missing-media/body.md:5: objects[0].config/body: images/dek.svg is not in the module folder; did you mean images/desk.svg?`,
			`missing-media/body.md:6: objects[0].config/body: "./handout.pdf#page=2" names handout.pdf, which is not in the module folder`,
			`missing-media/module.yaml:14:12: objects[1].config/src: media/chek.webm is not in the module folder; did you mean media/check.webm?`,
			`missing-media/module.yaml:18:17: objects[1].config/captions/1/src: media/check.es.vtt is not in the module folder; did you mean media/check.en.vtt?`,
			`missing-media/module.yaml:19:19: objects[1].config/transcript: images/counter.png is not in the module folder`,
			`missing-media/module.yaml:27:23: objects[2].config/items/0/link/url: forms/policy.pdf is not in the module folder`,
		}},
		{"bad-config", []string{
			`bad-config/module.yaml:9:7: objects[0].config/1: keys must be text; quote the key ("1": ...) if it is meant as text`,
			`bad-config/module.yaml:10:7: objects[0].config/true: keys must be text; quote the key ("true": ...) if it is meant as text`,
			`bad-config/module.yaml:11:7: objects[0].config/<<: merge keys (<<) are not supported; repeat the values or use an alias (*name)`,
			`bad-config/module.yaml:12:13: objects[0].config/body: unknown tag !include; the only tag Lode knows is !file`,
			`bad-config/module.yaml:13:14: objects[0].config/limit: .inf cannot be passed on: JSON has no infinity or NaN`,
			`bad-config/module.yaml:15:18: objects[0].config/nested/0/0: the alias *loop names a value that contains it`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			m, ps := Load(context.Background(), filepath.Join("testdata", "broken", tt.dir), nil)
			if m != nil {
				t.Errorf("Load returned a module despite problems")
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = filepath.Join("testdata", "broken") + string(filepath.Separator) + w
			}
			assertProblems(t, ps, want...)
		})
	}
}
