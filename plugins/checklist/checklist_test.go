package checklist_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// mustSample returns testdata/sample.yaml as the JSON the engine sends.
func mustSample(tb testing.TB) json.RawMessage {
	tb.Helper()
	src, err := os.ReadFile("testdata/sample.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		tb.Fatal(err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func TestDescribe(t *testing.T) {
	ct := sdktest.InProcess(t, checklist.New())
	d, err := ct.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "checklist" || d.Version != "1.0.0" || d.ProtocolVersion != sdk.ProtocolVersion || d.ActivityType != sdk.ActivityChecklist {
		t.Errorf("unexpected description %+v", d)
	}
	if want := (sdk.Capabilities{Completable: true, KeepsState: true}); d.Capabilities != want {
		t.Errorf("capabilities = %+v, want %+v", d.Capabilities, want)
	}
	var schema struct {
		Schema     string                     `json:"$schema"`
		Properties map[string]json.RawMessage `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	checks := map[string][]string{
		"top":        slices.Sorted(maps.Keys(schema.Properties)),
		"item":       slices.Sorted(maps.Keys(schema.Defs["item"].Properties)),
		"reflection": slices.Sorted(maps.Keys(schema.Defs["reflection"].Properties)),
	}
	want := map[string][]string{
		"top":        {"intro", "items", "reflection"},
		"item":       {"description", "id", "link", "required", "text"},
		"reflection": {"max_length", "prompt", "required"},
	}
	if schema.Schema != "https://json-schema.org/draft/2020-12/schema" || !maps.EqualFunc(checks, want, slices.Equal) {
		t.Errorf("schema %q has properties %v, want %v", schema.Schema, checks, want)
	}
	if a, err := ct.Asset(context.Background(), "checklist.css"); err != nil || len(a.Data) == 0 {
		t.Errorf("checklist.css: %v", err)
	}
}

type problem struct{ ptr, msg string }

func TestValidate(t *testing.T) {
	tests := []struct {
		name, config string
		want         []problem
	}{
		{"sample", string(mustSample(t)), nil},
		{"minimal", `{"items":[{"id":"a","text":"A"}]}`, nil},
		{"null reflection", `{"items":[{"id":"a","text":"A"}],"reflection":null}`, nil},
		{"malformed", `{"items":[}`, []problem{{"", "not valid JSON"}}},
		{"not a mapping", `"items"`, []problem{{"", "must be a mapping"}}},
		{"no items", `{"intro":"Hi"}`, []problem{{"/items", "at least one item"}}},
		{"empty items", `{"items":[]}`, []problem{{"/items", "at least one item"}}},
		{"items not a list", `{"items":"tour"}`, []problem{{"/items", "must be a list, not text"}}},
		{"item not a mapping", `{"items":["tour"]}`, []problem{{"/items/0", "must be a mapping"}}},
		{"item without id and text", `{"items":[{"description":"x"}]}`, []problem{
			{"/items/0/id", "needs an id"}, {"/items/0/text", "needs text"}}},
		{"bad id", `{"items":[{"id":"a b","text":"A"}]}`, []problem{{"/items/0/id", "only letters, digits"}}},
		{"duplicate id", `{"items":[{"id":"a","text":"A"},{"id":"b","text":"B"},{"id":"a","text":"C"}]}`, []problem{
			{"/items/2/id", `"a" is used twice (also at /items/0)`}}},
		{"typo in item", `{"items":[{"id":"a","text":"A","requried":false}]}`, []problem{
			{"/items/0/requried", `did you mean "required"?`}}},
		{"required as text", `{"items":[{"id":"a","text":"A","required":"yes"}]}`, []problem{
			{"/items/0/required", "must be true or false, not text"}}},
		{"bad link", `{"items":[{"id":"a","text":"A","link":{"url":"javascript:alert(1)"}}]}`, []problem{
			{"/items/0/link/text", "link needs text"}, {"/items/0/link/url", `not "javascript:"`}}},
		{"link with href", `{"items":[{"id":"a","text":"A","link":{"href":"x.pdf","text":"X"}}]}`, []problem{
			{"/items/0/link/href", "unknown setting"}, {"/items/0/link/url", "needs a url"}}},
		{"link as text", `{"items":[{"id":"a","text":"A","link":"https://x.org"}]}`, []problem{
			{"/items/0/link", "must be a mapping with the settings text, url"}}},
		{"reflection problems", `{"items":[{"id":"a","text":"A"}],"reflection":{"required":1,"max_length":0,"limit":3}}`, []problem{
			{"/reflection/required", "true or false"}, {"/reflection/max_length", "between 1 and 20000"},
			{"/reflection/limit", "unknown setting"}, {"/reflection/prompt", "needs a prompt"}}},
		{"max_length not whole", `{"items":[{"id":"a","text":"A"}],"reflection":{"prompt":"P","max_length":2.5}}`, []problem{
			{"/reflection/max_length", "must be a whole number, not a number"}}},
		{"max_length too big", `{"items":[{"id":"a","text":"A"}],"reflection":{"prompt":"P","max_length":1000000}}`, []problem{
			{"/reflection/max_length", "not 1000000"}}},
		{"problems across items", `{"intro":5,"items":[{"id":"a"},{"id":"a","text":"B"},{"id":"c","text":""}]}`, []problem{
			{"/intro", "must be text"}, {"/items/0/text", "needs text"}, {"/items/1/id", "used twice"}, {"/items/2/text", "needs text"}}},
	}
	ct := checklist.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ct.Validate(context.Background(), &sdk.ValidateRequest{Config: json.RawMessage(tt.config)})
			if err != nil {
				t.Fatal(err)
			}
			assertProblems(t, res.Problems, tt.want)
		})
	}
}

// assertProblems compares pointers exactly (in any order) and messages by
// substring.
func assertProblems(t *testing.T, got []sdk.Problem, want []problem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems %+v, want %d %+v", len(got), got, len(want), want)
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g sdk.Problem) bool {
			return g.Pointer == w.ptr && strings.Contains(g.Message, w.msg)
		}) {
			t.Errorf("missing problem at %q containing %q; got %+v", w.ptr, w.msg, got)
		}
	}
}
