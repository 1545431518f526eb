package page_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/plugins/page"
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
	ct := sdktest.InProcess(t, page.New())
	d, err := ct.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "page" || d.Version != "1.0.0" || d.ProtocolVersion != sdk.ProtocolVersion || d.ActivityType != sdk.ActivityLesson {
		t.Errorf("unexpected description %+v", d)
	}
	if want := (sdk.Capabilities{Completable: true, KeepsState: true}); d.Capabilities != want {
		t.Errorf("capabilities = %+v, want %+v", d.Capabilities, want)
	}
	var schema struct {
		Schema     string                     `json:"$schema"`
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
	}
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if schema.Schema != "https://json-schema.org/draft/2020-12/schema" || !slices.Equal(schema.Required, []string{"body"}) {
		t.Errorf("schema header = %q, required %v", schema.Schema, schema.Required)
	}
	if got := slices.Sorted(maps.Keys(schema.Properties)); !slices.Equal(got, []string{"body", "estimated_minutes"}) {
		t.Errorf("schema properties = %v", got)
	}
	for _, a := range d.Assets {
		asset, err := ct.Asset(context.Background(), a.Name)
		if err != nil || len(asset.Data) == 0 || asset.ContentType != a.ContentType {
			t.Errorf("asset %s: %v", a.Name, err)
		}
	}
	if _, err := ct.Asset(context.Background(), "../page.go"); err == nil {
		t.Error("Asset served a file it does not list")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   []problem
	}{
		{"minimal", `{"body": "Hello"}`, nil},
		{"with minutes", `{"body": "Hello", "estimated_minutes": 2.5}`, nil},
		{"sample", string(mustSample(t)), nil},
		{"malformed JSON", `{"body": "Hello",}`, []problem{{"", "not valid JSON"}}},
		{"empty", ``, []problem{{"", "empty"}}},
		{"null", `null`, []problem{{"", "must be a mapping"}}},
		{"a list", `["body"]`, []problem{{"", "not a list"}}},
		{"missing body", `{}`, []problem{{"/body", "needs a body"}}},
		{"blank body", `{"body": "  \n"}`, []problem{{"/body", "needs a body"}}},
		{"body wrong type", `{"body": 42}`, []problem{{"/body", `"body" must be text, not a number`}}},
		{"typo and missing", `{"bdoy": "Hello"}`, []problem{
			{"/bdoy", `did you mean "body"?`}, {"/body", "needs a body"}}},
		{"unknown far from any", `{"body": "x", "colour": "red"}`, []problem{{"/colour", `unknown setting "colour"; the settings here are body, estimated_minutes`}}},
		{"zero minutes", `{"body": "x", "estimated_minutes": 0}`, []problem{{"/estimated_minutes", "more than 0"}}},
		{"negative minutes", `{"body": "x", "estimated_minutes": -3}`, []problem{{"/estimated_minutes", "more than 0"}}},
		{"minutes as text", `{"body": "x", "estimated_minutes": "five"}`, []problem{{"/estimated_minutes", "must be a number, not text"}}},
		{"everything wrong", `{"body": [], "estimated_minutes": -1, "extra": true}`, []problem{
			{"/body", "must be text, not a list"}, {"/estimated_minutes", "more than 0"}, {"/extra", "unknown setting"}}},
	}
	ct := page.New()
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

// problem is an expected sdk.Problem: its pointer and a part of its message.
type problem struct{ ptr, msg string }

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

func TestConfigMatchesSchema(t *testing.T) {
	d, _ := page.New().Describe(context.Background())
	var schema struct {
		Properties map[string]struct {
			Type string `json:"type"`
		} `json:"properties"`
		AdditionalProperties *bool `json:"additionalProperties"`
	}
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"body": "string", "estimated_minutes": "number"}
	got := map[string]string{}
	for k, v := range schema.Properties {
		got[k] = v.Type
	}
	if !reflect.DeepEqual(got, want) || schema.AdditionalProperties == nil || *schema.AdditionalProperties {
		t.Errorf("schema properties = %v (additionalProperties %v), want %v and false", got, schema.AdditionalProperties, want)
	}
}
