package page_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/lode-elearning/lode/plugins/internal/schematest"
	"github.com/lode-elearning/lode/plugins/page"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

func TestDescribe(t *testing.T) {
	ct := sdktest.InProcess(t, page.New())
	d := sdktest.CheckDescription(t, ct)
	if d.Name != "page" || d.Version != "1.0.0" || d.ActivityType != sdk.ActivityLesson {
		t.Errorf("unexpected description %+v", d)
	}
	if want := (sdk.Capabilities{Completable: true, KeepsState: true}); d.Capabilities != want {
		t.Errorf("capabilities = %+v, want %+v", d.Capabilities, want)
	}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
	}
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if !slices.Equal(schema.Required, []string{"body"}) {
		t.Errorf("schema requires %v, want body", schema.Required)
	}
	if got := slices.Sorted(maps.Keys(schema.Properties)); !slices.Equal(got, []string{"body", "estimated_minutes"}) {
		t.Errorf("schema properties = %v", got)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   map[string]string
	}{
		{"minimal", `{"body": "Hello"}`, nil},
		{"with minutes", `{"body": "Hello", "estimated_minutes": 2.5}`, nil},
		{"sample", string(sdktest.ReadConfig(t, "testdata/sample.yaml")), nil},
		{"malformed JSON", `{"body": "Hello",}`, map[string]string{"": "not valid JSON"}},
		{"empty", ``, map[string]string{"": "empty"}},
		{"null", `null`, map[string]string{"": "must be a mapping"}},
		{"a list", `["body"]`, map[string]string{"": "not a list"}},
		{"missing body", `{}`, map[string]string{"/body": "needs a body"}},
		{"blank body", `{"body": "  \n"}`, map[string]string{"/body": "needs a body"}},
		{"body wrong type", `{"body": 42}`, map[string]string{"/body": `"body" must be text, not the number 42`}},
		{"typo and missing", `{"bdoy": "Hello"}`, map[string]string{
			"/bdoy": `did you mean "body"?`, "/body": "needs a body"}},
		{"unknown far from any", `{"body": "x", "colour": "red"}`, map[string]string{"/colour": `unknown setting "colour"; the settings here are body, estimated_minutes`}},
		{"zero minutes", `{"body": "x", "estimated_minutes": 0}`, map[string]string{"/estimated_minutes": "more than 0"}},
		{"negative minutes", `{"body": "x", "estimated_minutes": -3}`, map[string]string{"/estimated_minutes": "more than 0"}},
		{"minutes as text", `{"body": "x", "estimated_minutes": "five"}`, map[string]string{"/estimated_minutes": `must be a number, not the text "five"`}},
		{"everything wrong", `{"body": [], "estimated_minutes": -1, "extra": true}`, map[string]string{
			"/body": "must be text, not a list", "/estimated_minutes": "more than 0", "/extra": "unknown setting"}},
	}
	ct := page.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sdktest.CheckValidate(t, ct, tt.config, tt.want) })
	}
}

// The schema Describe publishes is derived from the config type: a JSON
// Schema validator and Validate agree on what a page may be.
func TestSchemaAgreesWithValidate(t *testing.T) {
	schematest.Agrees(t, sdktest.InProcess(t, page.New()),
		map[string]json.RawMessage{
			"Sample":      sdktest.ReadConfig(t, "testdata/sample.yaml"),
			"WithMinutes": sdktest.RawJSON(`{"body": "Hello", "estimated_minutes": 2.5}`),
		},
		map[string]json.RawMessage{
			"MissingBody":   sdktest.RawJSON(`{}`),
			"BlankBody":     sdktest.RawJSON(`{"body": " \n"}`),
			"ZeroMinutes":   sdktest.RawJSON(`{"body": "x", "estimated_minutes": 0}`),
			"MinutesAsText": sdktest.RawJSON(`{"body": "x", "estimated_minutes": "five"}`),
			"Unknown":       sdktest.RawJSON(`{"body": "x", "colour": "red"}`),
		})
}
