package module

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

const testFramework = `id: https://library.example/competencies
title: Library competencies
competencies:
  - id: reference
    title: Reference
    competencies:
      - id: reference.interview
        title: Conducts the reference interview
  - id: privacy
    title: Privacy
`

// A content folder with a framework, and one module in it.
func frameworkContent(t *testing.T, framework, extra, objectExtra string) (root, dir string) {
	t.Helper()
	root = writeModule(t, map[string]string{
		FrameworkFile: framework,
		"m/module.yaml": `id: m
title: M
version: 0.1.0
` + extra + `objects:
  - id: a
    type: page
    title: A
` + objectExtra,
	})
	return root, filepath.Join(root, "m")
}

func TestCompetencies(t *testing.T) {
	t.Run("Known", func(t *testing.T) {
		_, dir := frameworkContent(t, testFramework, "competencies: [reference.interview]\n", "    competencies: [privacy, reference.interview]\n")
		m := MustLoad(t, dir, nil)
		if !slices.Equal(m.Competencies, []string{"reference.interview"}) || !slices.Equal(m.Objects[0].Competencies, []string{"privacy", "reference.interview"}) {
			t.Fatalf("module %q, object %q", m.Competencies, m.Objects[0].Competencies)
		}
		if got := m.AllCompetencies(); !slices.Equal(got, []string{"reference.interview", "privacy"}) {
			t.Fatalf("AllCompetencies %q", got)
		}
	})
	t.Run("UnknownIsAWarningWithTheLine", func(t *testing.T) {
		_, dir := frameworkContent(t, testFramework, "competencies: [reference.interveiw]\n", "")
		m, ps := Load(context.Background(), dir, nil)
		if m == nil || !slices.Equal(m.Competencies, []string{"reference.interveiw"}) {
			t.Fatalf("a module naming an unknown competency did not load: %v", ps)
		}
		assertProblems(t, ps, dir+`/module.yaml:4:16: warning: competencies[0]: "reference.interveiw" is not in the site's competency framework `+
			`(competencies.yaml in the content folder), so reports will not group this module under it; did you mean reference.interview?`)
		if !ps[0].Warning {
			t.Fatal("an unknown competency is an error; it must be a warning, so that shared modules still import")
		}
	})
	t.Run("BadIDIsAnError", func(t *testing.T) {
		_, dir := frameworkContent(t, testFramework, "", "    competencies: [Reference Interview]\n")
		m, ps := Load(context.Background(), dir, nil)
		if m != nil {
			t.Fatal("loaded a module with a malformed competency id")
		}
		assertProblems(t, ps, dir+`/module.yaml:8:20: objects[0].competencies[0]: "Reference Interview" is not a competency id: lowercase letters, digits, dots, dashes and underscores such as reference.interview`)
	})
	t.Run("NoFrameworkNoCheck", func(t *testing.T) {
		dir := writeModule(t, map[string]string{"module.yaml": listingModule("competencies: [anything.at-all]\n")})
		if m := MustLoad(t, dir, nil); !slices.Equal(m.Competencies, []string{"anything.at-all"}) {
			t.Fatalf("Competencies %q", m.Competencies)
		}
	})
	t.Run("BrokenFrameworkNamesTheLine", func(t *testing.T) {
		root, _ := frameworkContent(t, testFramework+"  - id: reference\n    title: Again\n  - title: No id\n", "", "")
		mods, ps := LoadAll(context.Background(), root, nil)
		if len(mods) != 1 {
			t.Fatalf("the module did not load beside a broken framework: %v", ps)
		}
		f := root + "/competencies.yaml"
		assertProblems(t, ps,
			f+`:11:9: competencies[2].id: competency id "reference" is already used on line 4`,
			f+`:13:5: competencies[3].id: missing; give the competency an id such as reference.interview`)
	})
}

// The sample content's framework loads and every competency its modules
// name is in it.
func TestSampleFramework(t *testing.T) {
	f, ps := LoadFramework("../../content/" + FrameworkFile)
	if f == nil || len(ps) > 0 {
		t.Fatalf("content/%s: %v", FrameworkFile, problemStrings(ps))
	}
	mods, ps := LoadAll(context.Background(), "../../content", nil)
	if len(ps) > 0 {
		t.Fatal(problemStrings(ps))
	}
	for _, m := range mods {
		if len(m.AllCompetencies()) == 0 {
			t.Errorf("sample module %s names no competency", m.ID)
		}
	}
}
