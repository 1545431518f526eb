package module

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk"
)

// fakeTypes is a Validator standing in for the plugin host. Each installed
// content type reports the same problems for every config, or fails.
type fakeTypes struct {
	installed map[string][]sdk.Problem
	fail      error    // when set, what every installed type answers
	got       []string // the configs it was asked about, as JSON
}

func (f *fakeTypes) Validate(ctx context.Context, contentType string, config json.RawMessage) ([]sdk.Problem, error) {
	f.got = append(f.got, string(config))
	problems, ok := f.installed[contentType]
	switch {
	case !ok:
		return nil, engine.Errorf(engine.ENOTFOUND, "there is no content type %q", contentType)
	case f.fail != nil:
		return nil, f.fail
	}
	return problems, nil
}

func (f *fakeTypes) Types() []string {
	var names []string
	for n := range f.installed {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

const quizModule = `id: m
title: M
version: 1.0.0
objects:
  - id: welcome
    type: page
    title: Welcome
  - id: check
    type: quiz
    title: Check
    config:
      passing_score: 2
      questions:
        - id: q1
          choices:
            - {id: a, correct: true}
            - {id: b, correct: true}
        - id: q2
          "a/b~c": odd key
`

// Problems the content type reports as JSON pointers are placed at the
// line of the value they point at, or of its nearest existing ancestor.
func TestLoad_ContentTypeProblems(t *testing.T) {
	v := &fakeTypes{installed: map[string][]sdk.Problem{
		"page": nil,
		"quiz": {
			{Pointer: "/questions/0/choices", Message: "a single-choice question needs exactly one correct choice"},
			{Pointer: "/passing_score", Message: "must be between 0 and 1"},
			{Pointer: "/questions/1/prompt", Message: "missing"},
			{Pointer: "/questions/1/a~1b~0c", Message: "unknown field"},
			{Pointer: "/questions/7", Message: "no such question"},
			{Pointer: "", Message: "something about the whole config"},
		},
	}}
	dir := writeModule(t, map[string]string{"module.yaml": quizModule})
	m, ps := Load(context.Background(), dir, v)
	if m != nil {
		t.Error("Load returned a module despite problems")
	}
	file := filepath.Join(dir, "module.yaml")
	assertProblems(t, ps,
		file+":11:5: objects[1].config: something about the whole config",
		file+":12:7: objects[1].config/passing_score: must be between 0 and 1",
		file+":13:7: objects[1].config/questions/7: no such question",
		file+":15:11: objects[1].config/questions/0/choices: a single-choice question needs exactly one correct choice",
		file+":18:11: objects[1].config/questions/1/prompt: missing",
		file+":19:11: objects[1].config/questions/1/a~1b~0c: unknown field",
	)
	want := []string{`{}`, `{"passing_score":2,"questions":[{"id":"q1","choices":[{"id":"a","correct":true},{"id":"b","correct":true}]},{"id":"q2","a/b~c":"odd key"}]}`}
	if !slices.Equal(v.got, want) {
		t.Errorf("configs sent:\n got  %q\n want %q", v.got, want)
	}
}

// An unknown content type, or one that refuses the config outright, keeps
// the module out; a content type that cannot answer only warns.
func TestLoad_ContentTypeErrors(t *testing.T) {
	tests := []struct {
		name, typ string
		fail      error
		loads     bool
		want      string
	}{
		{name: "unknown", typ: "quizz", loads: false,
			want: `:5:19: objects[0].type: unknown content type "quizz" (installed: page, quiz)`},
		{name: "refused", typ: "quiz", fail: engine.Errorf(engine.EINVALID, "config must be a mapping"), loads: false,
			want: `:5:5: objects[0].config: config must be a mapping`},
		{name: "unavailable", typ: "quiz", fail: engine.Errorf(engine.EUNAVAILABLE, "quiz is restarting"), loads: true,
			want: `:5:19: warning: objects[0].config: not checked: content type "quiz" could not validate it (quiz is restarting); the module is loaded anyway`},
		{name: "timed out", typ: "quiz", fail: context.DeadlineExceeded, loads: true,
			want: `:5:19: warning: objects[0].config: not checked: content type "quiz" could not validate it (context deadline exceeded); the module is loaded anyway`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &fakeTypes{installed: map[string][]sdk.Problem{"page": nil, "quiz": {{Message: "never seen"}}}, fail: tt.fail}
			dir := writeModule(t, map[string]string{"module.yaml": "id: m\ntitle: M\nversion: 1.0.0\nobjects:\n  - {id: a, type: " + tt.typ + ", title: A}\n"})
			m, ps := Load(context.Background(), dir, v)
			if loaded := m != nil; loaded != tt.loads {
				t.Errorf("loaded = %v, want %v", loaded, tt.loads)
			}
			assertProblems(t, ps, filepath.Join(dir, "module.yaml")+tt.want)
			if len(ps) == 1 && ps[0].Warning != tt.loads {
				t.Errorf("Warning = %v, want %v", ps[0].Warning, tt.loads)
			}
		})
	}
}

// Objects whose own fields are broken are not sent to their content type:
// its problems would only repeat them.
func TestLoad_BrokenConfigNotSent(t *testing.T) {
	v := &fakeTypes{installed: map[string][]sdk.Problem{"page": nil}}
	dir := writeModule(t, map[string]string{"module.yaml": "id: m\ntitle: M\nversion: 1.0.0\nobjects:\n  - {id: a, type: page, title: A, config: {1: x}}\n  - {id: b, title: B}\n"})
	if _, ps := Load(context.Background(), dir, v); len(ps) != 2 || len(v.got) != 0 {
		t.Errorf("got %d problems and %d configs sent; want 2 and 0: %v", len(ps), len(v.got), problemStrings(ps))
	}
}
