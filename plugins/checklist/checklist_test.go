package checklist_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/plugins/internal/schematest"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

func TestDescribe(t *testing.T) {
	ct := sdktest.InProcess(t, checklist.New())
	d := sdktest.CheckDescription(t, ct)
	if d.Name != "checklist" || d.Version != "1.0.0" || d.ActivityType != sdk.ActivityChecklist {
		t.Errorf("unexpected description %+v", d)
	}
	if want := (sdk.Capabilities{Completable: true, KeepsState: true}); d.Capabilities != want {
		t.Errorf("capabilities = %+v, want %+v", d.Capabilities, want)
	}
	type object struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	var schema struct {
		Properties struct {
			Items struct {
				Items object `json:"items"`
			} `json:"items"`
			Reflection object `json:"reflection"`
		} `json:"properties"`
	}
	var top object
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil || json.Unmarshal(d.ConfigSchema, &top) != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	checks := map[string][]string{
		"top":        slices.Sorted(maps.Keys(top.Properties)),
		"item":       slices.Sorted(maps.Keys(schema.Properties.Items.Items.Properties)),
		"reflection": slices.Sorted(maps.Keys(schema.Properties.Reflection.Properties)),
	}
	want := map[string][]string{
		"top":        {"intro", "items", "reflection"},
		"item":       {"description", "id", "link", "required", "text"},
		"reflection": {"max_length", "prompt", "required"},
	}
	if !maps.EqualFunc(checks, want, slices.Equal) {
		t.Errorf("schema has properties %v, want %v", checks, want)
	}
	if len(d.Assets) != 1 || d.Assets[0].Name != "checklist.css" {
		t.Errorf("assets %+v, want checklist.css", d.Assets)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, config string
		want         map[string]string
	}{
		{"sample", string(sdktest.ReadConfig(t, "testdata/sample.yaml")), nil},
		{"minimal", `{"items":[{"id":"a","text":"A"}]}`, nil},
		{"null reflection", `{"items":[{"id":"a","text":"A"}],"reflection":null}`, nil},
		{"malformed", `{"items":[}`, map[string]string{"": "not valid JSON"}},
		{"not a mapping", `"items"`, map[string]string{"": "must be a mapping"}},
		{"no items", `{"intro":"Hi"}`, map[string]string{"/items": "at least one item"}},
		{"empty items", `{"items":[]}`, map[string]string{"/items": "at least one item"}},
		{"items not a list", `{"items":"tour"}`, map[string]string{"/items": `must be a list, not the text "tour"`}},
		{"item not a mapping", `{"items":["tour"]}`, map[string]string{"/items/0": "must be a mapping"}},
		{"item without id and text", `{"items":[{"description":"x"}]}`, map[string]string{
			"/items/0/id": "needs an id", "/items/0/text": "needs text"}},
		{"bad id", `{"items":[{"id":"a b","text":"A"}]}`, map[string]string{"/items/0/id": "only letters, digits"}},
		{"duplicate id", `{"items":[{"id":"a","text":"A"},{"id":"b","text":"B"},{"id":"a","text":"C"}]}`, map[string]string{
			"/items/2/id": `"a" is used twice (also at /items/0)`}},
		{"typo in item", `{"items":[{"id":"a","text":"A","requried":false}]}`, map[string]string{
			"/items/0/requried": `did you mean "required"?`}},
		{"required as text", `{"items":[{"id":"a","text":"A","required":"yes"}]}`, map[string]string{
			"/items/0/required": `must be true or false, not the text "yes"`}},
		{"bad link", `{"items":[{"id":"a","text":"A","link":{"url":"javascript:alert(1)"}}]}`, map[string]string{
			"/items/0/link/text": "link needs text", "/items/0/link/url": `not "javascript:"`}},
		{"link with href", `{"items":[{"id":"a","text":"A","link":{"href":"x.pdf","text":"X"}}]}`, map[string]string{
			"/items/0/link/href": "unknown setting", "/items/0/link/url": "needs a url"}},
		{"link as text", `{"items":[{"id":"a","text":"A","link":"https://x.org"}]}`, map[string]string{
			"/items/0/link": "must be a mapping with the settings text, url"}},
		{"reflection problems", `{"items":[{"id":"a","text":"A"}],"reflection":{"required":1,"max_length":0,"limit":3}}`, map[string]string{
			"/reflection/required": "true or false", "/reflection/max_length": "between 1 and 20000",
			"/reflection/limit": "unknown setting", "/reflection/prompt": "needs a prompt"}},
		{"max_length not whole", `{"items":[{"id":"a","text":"A"}],"reflection":{"prompt":"P","max_length":2.5}}`, map[string]string{
			"/reflection/max_length": "must be a whole number, not the number 2.5"}},
		{"max_length too big", `{"items":[{"id":"a","text":"A"}],"reflection":{"prompt":"P","max_length":1000000}}`, map[string]string{
			"/reflection/max_length": "not 1000000"}},
		{"problems across items", `{"intro":5,"items":[{"id":"a"},{"id":"a","text":"B"},{"id":"c","text":""}]}`, map[string]string{
			"/intro": "must be text", "/items/0/text": "needs text", "/items/1/id": "used twice", "/items/2/text": "needs text"}},
	}
	ct := checklist.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sdktest.CheckValidate(t, ct, tt.config, tt.want) })
	}
}

// The schema Describe publishes is derived from the config type: a JSON
// Schema validator and Validate agree on what a checklist may be, except
// for what only Validate knows (ids unique, where a link may go).
func TestSchemaAgreesWithValidate(t *testing.T) {
	schematest.Agrees(t, sdktest.InProcess(t, checklist.New()),
		map[string]json.RawMessage{
			"Sample":         sdktest.ReadConfig(t, "testdata/sample.yaml"),
			"NullReflection": sdktest.RawJSON(`{"items":[{"id":"a","text":"A"}],"reflection":null}`),
		},
		map[string]json.RawMessage{
			"NoItems":          sdktest.RawJSON(`{"items":[]}`),
			"BadID":            sdktest.RawJSON(`{"items":[{"id":"a b","text":"A"}]}`),
			"BlankText":        sdktest.RawJSON(`{"items":[{"id":"a","text":" "}]}`),
			"LinkWithoutText":  sdktest.RawJSON(`{"items":[{"id":"a","text":"A","link":{"url":"https://x.org"}}]}`),
			"MaxLengthTooLong": sdktest.RawJSON(`{"items":[{"id":"a","text":"A"}],"reflection":{"prompt":"Why?","max_length":20001}}`),
			"Unknown":          sdktest.RawJSON(`{"items":[{"id":"a","text":"A","done":true}]}`),
		})
}
