package quiz

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

func TestDescribe(t *testing.T) {
	d, err := New().Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "quiz" || d.Title != "Quiz" || d.Version != "1.0.0" || d.ProtocolVersion != sdk.ProtocolVersion || d.ActivityType != sdk.ActivityAssessment {
		t.Errorf("description %+v", d)
	}
	if d.Capabilities != (sdk.Capabilities{Scored: true, Completable: true, KeepsState: true}) {
		t.Errorf("capabilities %+v", d.Capabilities)
	}
	if len(d.Assets) != 1 || d.Assets[0].Name != "quiz.css" {
		t.Errorf("assets %+v, want quiz.css", d.Assets)
	}
}

// schemaDoc is the part of schema.json the tests compare with the decoder.
type schemaDoc struct {
	Schema     string                     `json:"$schema"`
	Properties map[string]json.RawMessage `json:"properties"`
	Defs       map[string]struct {
		Properties map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"properties"`
	} `json:"$defs"`
}

// TestSchemaMatchesDecoder keeps schema.json and the keys Validate accepts
// in step: editors use the schema, the engine uses Validate.
func TestSchemaMatchesDecoder(t *testing.T) {
	var s schemaDoc
	if err := json.Unmarshal(configSchema, &s); err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %q, want draft 2020-12", s.Schema)
	}
	q := s.Defs["question"].Properties
	tests := []struct {
		name   string
		schema []string
		known  []string
	}{
		{"Config", keys(s.Properties), fieldNames(configFields(&config{}, nil))},
		{"Question", keys(q), fieldNames(questionFields(&question{}, &written{}, nil, nil))},
		{"Choice", keys(s.Defs["choice"].Properties), fieldNames(choiceFields(&choice{}))},
		{"Feedback", keys(q["feedback"].Properties), fieldNames(feedbackFields(&feedback{}))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.schema, tt.known) {
				t.Errorf("schema has %q, decoder knows %q", tt.schema, tt.known)
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestAsset(t *testing.T) {
	q := New()
	a, err := q.Asset(context.Background(), "quiz.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(a.Data)
	if !strings.HasPrefix(a.ContentType, "text/css") {
		t.Errorf("content type %q", a.ContentType)
	}
	for _, want := range []string{"var(--lode-ok, #1b6e20)", "var(--lode-bad, #a4161a)", "var(--lode-fg, #1a1a1a)", ":focus-visible"} {
		if !strings.Contains(css, want) {
			t.Errorf("quiz.css lacks %q", want)
		}
	}
	if _, err := q.Asset(context.Background(), "../quiz.go"); !sdk.IsInvalid(err) {
		t.Errorf("unknown asset = %v, want an InvalidError", err)
	}
	resp, err := q.Render(context.Background(), &sdk.RenderRequest{Object: sdk.Object{ID: "x", Config: MustSampleConfig(t, nil)}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(resp.Assets, []string{"quiz.css"}) {
		t.Errorf("Render assets %q, want quiz.css", resp.Assets)
	}
}
