package schemaform_test

import (
	"encoding/json"
	"html/template"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/plugins/quiz"
)

// TestTypeErrors types words where numbers go: the post is refused with
// the field named, the words are kept, and the re-rendered form shows the
// problem next to the field and in the summary, linked to it.
func TestTypeErrors(t *testing.T) {
	f, err := schemaform.New(schemaOf(t, quiz.New()))
	if err != nil {
		t.Fatal(err)
	}
	form := post(t, f.Render(json.RawMessage(quizConfig), nil, "cfg."), "")
	set(t, form, "cfg.questions.0.points", "two")
	set(t, form, "cfg.max_attempts", "1.5")
	got, problems := f.Decode(form, "cfg.")
	want := []schemaform.Problem{
		{Pointer: "/max_attempts", Message: `"max_attempts" must be a whole number, not the number 1.5`},
		{Pointer: "/questions/0/points", Message: `"points" must be a number, not the text "two"`},
	}
	if !sameProblems(problems, want) {
		t.Fatalf("problems %v, want %v", problems, want)
	}
	// Validate finds the same problems in the value Decode gave back.
	if v := schemaform.Merge(problems, f.Validate(got)); !sameProblems(v, want) {
		t.Errorf("merged with Validate: %v", v)
	}
	doc := parse(t, f.Render(got, problems, "cfg."))
	input := doc.Find(`[name="cfg.questions.0.points"]`)
	if v, _ := input.Attr("value"); v != "two" {
		t.Errorf("the author's text is lost: value %q", v)
	}
	if v, _ := input.Attr("aria-invalid"); v != "true" {
		t.Error("no aria-invalid")
	}
	described, _ := input.Attr("aria-describedby")
	errText := doc.Find("#" + escapeID(strings.Fields(described)[len(strings.Fields(described))-1])).Text()
	if errText != want[1].Message {
		t.Errorf("aria-describedby %q reads %q", described, errText)
	}
	// The error is inside the field's own block, next to its input.
	if block := input.Parent(); !strings.Contains(block.Text(), want[1].Message) || !strings.Contains(block.Text(), "Points") {
		t.Errorf("the field's block reads %q", block.Text())
	}
	links := doc.Find(".sf-summary a")
	if links.Length() != 2 {
		t.Fatalf("%d summary links", links.Length())
	}
	href, _ := links.Eq(1).Attr("href")
	if id, _ := input.Attr("id"); href != "#"+id {
		t.Errorf("summary links to %q, the field is %q", href, id)
	}
	if text := links.Eq(1).Text(); !strings.Contains(text, "Question 1 › Points") {
		t.Errorf("summary says %q: which field?", text)
	}
}

// TestProblemPlacement puts problems from a content type's own check
// where they belong: on the field, on the enclosing list, or the closest
// field shown.
func TestProblemPlacement(t *testing.T) {
	f, err := schemaform.New(schemaOf(t, quiz.New()))
	if err != nil {
		t.Fatal(err)
	}
	cfg := json.RawMessage(`{"questions": [{"id": "c", "type": "single_choice", "prompt": "C?", "choices": [{"id": "x", "text": "X"}], "colour": "red"}]}`)
	problems := []schemaform.Problem{
		{Pointer: "/questions/0/choices", Message: "a single_choice question needs exactly one correct choice"},
		{Pointer: "/questions/0/colour", Message: `unknown setting "colour"`},
		{Pointer: "/questions/0/choices/0/text/deeper", Message: "deep"},
		{Pointer: "", Message: "whole"},
	}
	doc := parse(t, f.Render(cfg, problems, ""))
	for _, tt := range []struct{ id, message string }{
		{"sf-questions.0.choices-error", problems[0].Message},
		{"sf-questions.0.~extra-error", problems[1].Message},
		{"sf-questions.0.choices.0.text-error", "deep"},
		{"sf-~root-error", "whole"},
	} {
		if got := doc.Find("#" + escapeID(tt.id)).Text(); got != tt.message {
			t.Errorf("#%s reads %q, want %q", tt.id, got, tt.message)
		}
	}
	// The unknown setting is kept, as JSON, so saving does not lose it.
	got, _ := f.Decode(post(t, f.Render(cfg, problems, ""), ""), "")
	sameJSON(t, got, cfg)
}

func TestValidate(t *testing.T) {
	schema := schemaOf(t, quiz.New())
	tests := []struct {
		name, config string
		want         []schemaform.Problem
	}{
		{"Valid", quizConfig, nil},
		{"Missing", `{}`, []schemaform.Problem{{"/questions", `"questions" is required`}}},
		{"Empty", `{"questions": []}`, []schemaform.Problem{{"/questions", `"questions" must have at least 1 item`}}},
		{"Blank", `{"questions": [{"id": " ", "type": "fill_in", "prompt": ""}]}`, []schemaform.Problem{
			{"/questions/0/id", `"id" must not be blank`}, {"/questions/0/prompt", `"prompt" must not be blank`}}},
		{"Enum", `{"questions": [{"id": "a", "type": "single-choice", "prompt": "P"}]}`, []schemaform.Problem{
			{"/questions/0/type", `"type" must be one of single_choice, multiple_response, true_false, fill_in, not "single-choice"; did you mean "single_choice"?`}}},
		{"Pattern", `{"questions": [{"id": "a b", "type": "fill_in", "prompt": "P"}]}`, []schemaform.Problem{
			{"/questions/0/id", `"id" must match ^[A-Za-z0-9_-]+$, not "a b"`}}},
		{"Bounds", `{"passing_score": 2, "max_attempts": -1, "questions": [{"id": "a", "type": "fill_in", "prompt": "P", "points": 0}]}`, []schemaform.Problem{
			{"/passing_score", `"passing_score" must be at most 1`},
			{"/max_attempts", `"max_attempts" must be at least 0`},
			{"/questions/0/points", `"points" must be more than 0, not 0`}}},
		{"Types", `{"shuffle": "yes", "questions": [{"id": "a", "type": "fill_in", "prompt": "P", "accepted": [1]}]}`, []schemaform.Problem{
			{"/shuffle", `"shuffle" must be true or false, not the text "yes"`},
			{"/questions/0/accepted/0", `must be text, not the number 1`}}},
		{"Unknown", `{"question": [], "questions": [{"id": "a", "type": "fill_in", "prompt": "P"}]}`, []schemaform.Problem{
			{"/question", `unknown setting "question" (did you mean "questions"?); the settings here are intro, layout, max_attempts, passing_score, questions, shuffle`}}},
		{"Null", `{"intro": null, "questions": [{"id": "a", "type": "fill_in", "prompt": null}]}`, []schemaform.Problem{
			{"/questions/0/prompt", `"prompt" must be text, not empty`}}},
		{"NotJSON", `{"questions": [}`, nil}, // checked below: one problem at ""
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schemaform.Validate(schema, json.RawMessage(tt.config))
			if tt.name == "NotJSON" {
				if len(got) != 1 || got[0].Pointer != "" {
					t.Errorf("got %v", got)
				}
				return
			}
			if !sameProblems(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func sameProblems(a, b []schemaform.Problem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func parse(t testing.TB, html template.HTML) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(html)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// escapeID makes an id usable in a CSS selector: ours hold dots and tildes.
func escapeID(id string) string {
	return strings.NewReplacer(".", `\.`, "~", `\~`).Replace(id)
}

func TestPrefer(t *testing.T) {
	own := []schemaform.Problem{{"/questions/0/prompt", "every question needs a prompt"}}
	schema := []schemaform.Problem{{"/questions/0/prompt", `"prompt" is required`}, {"/questions/0/points", `"points" must be a number, not the text "two"`}}
	decoded := []schemaform.Problem{{"/questions/0/points", `"points" must be a number, not the text "two"`}}
	want := []schemaform.Problem{own[0], schema[1]}
	if got := schemaform.Prefer(own, decoded, schema); !sameProblems(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
