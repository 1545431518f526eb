package schemaform_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/sdk"
)

// TestAgreesWithContentTypes: for configurations the schema can judge,
// every problem Validate finds is at a pointer where the content type's
// own check (what `lode check` prints) finds one too, so the form shows
// its words there (Prefer) and marks the same fields; and where the type
// words it as sdkconfig does, the messages are the same.
func TestAgreesWithContentTypes(t *testing.T) {
	broken := map[string][]string{
		"quiz": {`{}`, `{"questions": []}`, `{"questions": [{"id": " ", "type": "fill_in", "prompt": "", "accepted": ["a"]}]}`,
			`{"questions": [{"id": "a", "type": "single-choice", "prompt": "P"}]}`,
			`{"passing_score": 2, "max_attempts": -1, "questions": [{"id": "a", "type": "fill_in", "prompt": "P", "points": 0, "accepted": ["a"]}]}`,
			`quiz{"shuffle": "yes", "questions": [{"id": "a", "type": "fill_in", "prompt": "P", "accepted": [1]}]}`,
			`quiz{"question": [], "questions": [{"id": "a", "type": "fill_in", "prompt": "P", "accepted": ["a"]}]}`},
		"poll":      {`{}`, `{"question": "Q", "choices": ["a"]}`, `{"question": 3, "choices": "a"}`, `{"question": "Q", "choices": ["a", "b"], "colour": 1}`},
		"page":      {`{}`, `{"body": "  "}`, `{"body": "B", "estimated_minutes": 0}`},
		"checklist": {`{"items": []}`, `{"items": [{"id": "bad id!", "text": ""}]}`, `{"items": [{"id": "a", "text": "A", "link": {"url": "https://x.org"}}]}`},
		"video":     {`{}`, `{"src": "v.mp4", "completion_threshold": 2}`},
	}
	// Where the content type words a problem as sdkconfig does (no msg
	// tag), the form's words are the same, to the letter.
	exact := map[string]bool{
		`quiz{"shuffle": "yes", "questions": [{"id": "a", "type": "fill_in", "prompt": "P", "accepted": [1]}]}`: true,
		`quiz{"question": [], "questions": [{"id": "a", "type": "fill_in", "prompt": "P", "accepted": ["a"]}]}`: true,
	}
	for _, cfg := range broken["poll"] {
		exact["poll"+cfg] = true
	}
	for name, ct := range builtins() {
		schema := schemaOf(t, ct)
		for _, cfg := range broken[name] {
			t.Run(name+cfg, func(t *testing.T) {
				mine := schemaform.Validate(schema, json.RawMessage(cfg))
				if mine == nil {
					t.Fatal("the schema finds nothing wrong")
				}
				resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: json.RawMessage(cfg)})
				if err != nil {
					t.Fatal(err)
				}
				theirs := map[string][]string{}
				for _, p := range resp.Problems {
					theirs[p.Pointer] = append(theirs[p.Pointer], p.Message)
				}
				for _, p := range mine {
					if theirs[p.Pointer] == nil {
						t.Errorf("%s: %q, and the content type says nothing there: %v", p.Pointer, p.Message, resp.Problems)
					}
					if exact[name+cfg] && !slices.Contains(theirs[p.Pointer], p.Message) {
						t.Errorf("%s: %q, the content type says %q", p.Pointer, p.Message, theirs[p.Pointer])
					}
				}
			})
		}
	}
}
