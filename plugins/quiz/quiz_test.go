package quiz

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"

	"github.com/lode-elearning/lode/plugins/internal/schematest"
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

// The schema Describe publishes is derived from configFile: a JSON Schema
// validator and Validate agree on what a quiz may be, except for what only
// Validate knows (ids unique, what each question type needs).
func TestSchemaAgreesWithValidate(t *testing.T) {
	q := func(fields string) json.RawMessage {
		return json.RawMessage(`{"questions": [{"id": "q1", "type": "true_false", "prompt": "P", "answer": true` + fields + `}]}`)
	}
	schematest.Agrees(t, sdktest.InProcess(t, New()),
		map[string]json.RawMessage{
			"Sample":          MustSampleConfig(t, nil),
			"OneQuestion":     q(``),
			"NullsAreLeftOut": json.RawMessage(`{"intro": null, "passing_score": null, "questions": [` + tfQuestion + `]}`),
		},
		map[string]json.RawMessage{
			"NoQuestions":       json.RawMessage(`{"questions": []}`),
			"BadID":             json.RawMessage(`{"questions": [{"id": "q 1", "type": "true_false", "prompt": "P", "answer": true}]}`),
			"UnknownType":       json.RawMessage(`{"questions": [{"id": "q1", "type": "essay", "prompt": "P"}]}`),
			"BlankPrompt":       json.RawMessage(`{"questions": [{"id": "q1", "type": "true_false", "prompt": " ", "answer": true}]}`),
			"ZeroPoints":        q(`, "points": 0`),
			"PassingScore80":    json.RawMessage(`{"passing_score": 80, "questions": [` + tfQuestion + `]}`),
			"LayoutMisspelt":    json.RawMessage(`{"layout": "one-per-screen", "questions": [` + tfQuestion + `]}`),
			"UnknownSetting":    q(`, "hint": "x"`),
			"AcceptedNotText":   q(`, "accepted": [7]`),
			"ChoiceWithoutText": json.RawMessage(`{"questions": [{"id": "q1", "type": "single_choice", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}, {"id": "b"}]}]}`),
		})
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
