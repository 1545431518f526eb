package module

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// versionedTypes is fakeTypes that is also told the version each config
// was written for, as the plugin host is.
type versionedTypes struct {
	fakeTypes
	versions []int
}

func (f *versionedTypes) ValidateVersion(ctx context.Context, contentType string, version int, config json.RawMessage) ([]sdk.Problem, error) {
	f.versions = append(f.versions, version)
	return f.Validate(ctx, contentType, config)
}

// type_version reaches the object and its content type; left out, it is 0:
// the content type's current version.
func TestLoad_TypeVersion(t *testing.T) {
	v := &versionedTypes{fakeTypes: fakeTypes{installed: map[string][]sdk.Problem{"poll": nil}}}
	dir := writeModule(t, map[string]string{"module.yaml": "id: m\ntitle: M\nversion: 1.0.0\nobjects:\n" +
		"  - {id: a, type: poll, type_version: 1, title: A}\n  - {id: b, type: poll, title: B}\n"})
	m, ps := Load(context.Background(), dir, v)
	if m == nil {
		t.Fatalf("not loaded: %v", problemStrings(ps))
	}
	if got := []int{m.Objects[0].TypeVersion, m.Objects[1].TypeVersion}; !slices.Equal(got, []int{1, 0}) {
		t.Errorf("TypeVersion = %v, want [1 0]", got)
	}
	if !slices.Equal(v.versions, []int{1, 0}) {
		t.Errorf("versions sent = %v, want [1 0]", v.versions)
	}
}

func TestLoad_BadTypeVersion(t *testing.T) {
	for bad, got := range map[string]string{"0": `"0"`, "two": `"two"`, "1.5": `"1.5"`, "[1]": "a list"} {
		t.Run(bad, func(t *testing.T) {
			v := &versionedTypes{fakeTypes: fakeTypes{installed: map[string][]sdk.Problem{"poll": nil}}}
			dir := writeModule(t, map[string]string{"module.yaml": "id: m\ntitle: M\nversion: 1.0.0\nobjects:\n" +
				"  - id: a\n    type: poll\n    title: A\n    type_version: " + bad + "\n"})
			m, ps := Load(context.Background(), dir, v)
			if m != nil {
				t.Fatal("loaded a module with a bad type_version")
			}
			assertProblems(t, ps, filepath.Join(dir, "module.yaml")+":8:19: objects[0].type_version: must be the major version of the content type the config was written for, such as 1; got "+got)
		})
	}
}
