package schemaform_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/plugins/poll"
	"github.com/lode-elearning/lode/plugins/quiz"
)

const quizConfig = `{"questions": [
	{"id": "a", "type": "true_false", "prompt": "A?", "answer": true},
	{"id": "b", "type": "fill_in", "prompt": "B?", "accepted": ["b"]},
	{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "x", "text": "X", "correct": true}, {"id": "y", "text": "Y"}]}
]}`

// TestArrayOps presses each array button of a rendered quiz form, as a
// keyboard user without scripts would, and checks the value it gives back
// and where focus goes next.
func TestArrayOps(t *testing.T) {
	f, err := schemaform.New(schemaOf(t, quiz.New()))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		op, want, focus string
	}{
		{"add:questions", `{"questions": [
			{"id": "a", "type": "true_false", "prompt": "A?", "answer": true},
			{"id": "b", "type": "fill_in", "prompt": "B?", "accepted": ["b"]},
			{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "x", "text": "X", "correct": true}, {"id": "y", "text": "Y"}]},
			{}]}`, "sf-cfg.questions.3"},
		{"remove:questions.1", `{"questions": [
			{"id": "a", "type": "true_false", "prompt": "A?", "answer": true},
			{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "x", "text": "X", "correct": true}, {"id": "y", "text": "Y"}]}]}`,
			"sf-cfg.questions.1"},
		{"remove:questions.2", `{"questions": [
			{"id": "a", "type": "true_false", "prompt": "A?", "answer": true},
			{"id": "b", "type": "fill_in", "prompt": "B?", "accepted": ["b"]}]}`, "sf-cfg.questions.1"},
		{"up:questions.1", `{"questions": [
			{"id": "b", "type": "fill_in", "prompt": "B?", "accepted": ["b"]},
			{"id": "a", "type": "true_false", "prompt": "A?", "answer": true},
			{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "x", "text": "X", "correct": true}, {"id": "y", "text": "Y"}]}]}`,
			"sf-cfg.questions.0~down"},
		{"down:questions.0", `{"questions": [
			{"id": "b", "type": "fill_in", "prompt": "B?", "accepted": ["b"]},
			{"id": "a", "type": "true_false", "prompt": "A?", "answer": true},
			{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "x", "text": "X", "correct": true}, {"id": "y", "text": "Y"}]}]}`,
			"sf-cfg.questions.1~down"},
		{"down:questions.2.choices.0", `{"questions": [
			{"id": "a", "type": "true_false", "prompt": "A?", "answer": true},
			{"id": "b", "type": "fill_in", "prompt": "B?", "accepted": ["b"]},
			{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "y", "text": "Y"}, {"id": "x", "text": "X", "correct": true}]}]}`,
			"sf-cfg.questions.2.choices.1~up"},
		// A list left out (the first question has no accepted answers)
		// is created by its add button.
		{"add:questions.0.accepted", `{"questions": [
			{"id": "a", "type": "true_false", "prompt": "A?", "answer": true, "accepted": [""]},
			{"id": "b", "type": "fill_in", "prompt": "B?", "accepted": ["b"]},
			{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "x", "text": "X", "correct": true}, {"id": "y", "text": "Y"}]}]}`,
			"sf-cfg.questions.0.accepted.0"},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			html := f.Render(json.RawMessage(quizConfig), nil, "cfg.")
			r := f.DecodeResult(post(t, html, tt.op), "cfg.")
			if r.Problems != nil {
				t.Fatalf("problems: %v", r.Problems)
			}
			sameJSON(t, r.Value, json.RawMessage(tt.want))
			if r.Op != tt.op || r.Focus != tt.focus {
				t.Errorf("op %q focus %q, want %q %q", r.Op, r.Focus, tt.op, tt.focus)
			}
			// The element to focus exists in the re-rendered form and is
			// the only one with autofocus.
			again := f.RenderWith(r.Value, nil, schemaform.Options{Prefix: "cfg.", Focus: r.Focus})
			auto := parse(t, again).Find("[autofocus]")
			if id, _ := auto.Attr("id"); auto.Length() != 1 || id != tt.focus {
				t.Errorf("autofocus on %d elements (%q), want %q", auto.Length(), id, tt.focus)
			}
		})
	}
}

// TestArrayOfText adds a choice to a poll, types it, and saves.
func TestArrayOfText(t *testing.T) {
	f, err := schemaform.New(schemaOf(t, poll.New()))
	if err != nil {
		t.Fatal(err)
	}
	r := f.DecodeResult(post(t, f.Render(json.RawMessage(`{"question": "Q?", "choices": ["a", "b"]}`), nil, ""), "add:choices"), "")
	sameJSON(t, r.Value, json.RawMessage(`{"question": "Q?", "choices": ["a", "b", ""]}`))
	form := post(t, f.Render(r.Value, nil, ""), "")
	set(t, form, "choices.2", "c")
	got, problems := f.Decode(form, "")
	if problems != nil {
		t.Fatal(problems)
	}
	sameJSON(t, got, json.RawMessage(`{"question": "Q?", "choices": ["a", "b", "c"]}`))
}

// TestStaleOp: a button naming an item that is no longer there (a form
// from another tab) is refused with a problem, and the value is unchanged.
func TestStaleOp(t *testing.T) {
	f, err := schemaform.New(schemaOf(t, poll.New()))
	if err != nil {
		t.Fatal(err)
	}
	form := post(t, f.Render(json.RawMessage(`{"question": "Q?", "choices": ["a", "b"]}`), nil, ""), "")
	for _, op := range []string{"remove:choices.5", "up:choices.0", "down:choices.1", "add:question", "add:nope", "swap:choices.0"} {
		form.Set("op", op)
		r := f.DecodeResult(form, "")
		sameJSON(t, r.Value, json.RawMessage(`{"question": "Q?", "choices": ["a", "b"]}`))
		if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Message, "reload the page") {
			t.Errorf("%s: problems %v", op, r.Problems)
		}
	}
}
