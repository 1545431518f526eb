package quiz

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// wantProblem is an expected problem: an exact pointer and a fragment of
// the message an author will read.
type wantProblem struct {
	pointer, message string
}

const tfQuestion = `{"id": "q1", "type": "true_false", "prompt": "Fines are waived on Fridays.", "answer": false}`

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   []wantProblem
	}{
		{"Empty", ``, []wantProblem{{"", "has no configuration"}}},
		{"Null", `null`, []wantProblem{{"", "has no configuration"}}},
		{"MalformedJSON", "{\"questions\": [\n  }", []wantProblem{{"", "not valid JSON (line 2, column 3)"}}},
		{"TrailingData", `{"questions": [` + tfQuestion + `]} {}`, []wantProblem{{"", "not valid JSON (line 1, column 112): invalid character '{' after top-level value"}}},
		{"NotAnObject", `[1, 2]`, []wantProblem{{"", "must be a mapping with the settings intro, layout, max_attempts, passing_score, questions, shuffle, not a list"}}},
		{"NoQuestions", `{}`, []wantProblem{{"/questions", "add at least one question"}}},
		{"EmptyQuestions", `{"questions": []}`, []wantProblem{{"/questions", "add at least one question"}}},
		{"QuestionsNotAList", `{"questions": {"id": "q1"}}`, []wantProblem{{"/questions", "must be a list"}}},
		{"TypoAtTop", `{"pasing_score": 0.8, "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/pasing_score", `unknown setting "pasing_score" (did you mean "passing_score"?)`}}},
		{"UnknownFieldNoSuggestion", `{"colour": "red", "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/colour", `unknown setting "colour"; the settings here are intro, layout, max_attempts, passing_score`}}},
		{"UnknownKeyIsEscaped", `{"a/b~c": 1, "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/a~1b~0c", `unknown setting "a/b~c"`}}},
		{"TypoInChoice", `{"questions": [{"id": "q1", "type": "single_choice", "prompt": "P", "choices": [
			{"id": "a", "text": "A", "corect": true}, {"id": "b", "text": "B"}]}]}`,
			[]wantProblem{
				{"/questions/0/choices", "exactly one correct choice, found 0"},
				{"/questions/0/choices/0/corect", `did you mean "correct"?`},
			}},
		{"TypoInFeedback", `{"questions": [{"id": "q1", "type": "true_false", "prompt": "P", "answer": true, "feedback": {"corret": "x"}}]}`,
			[]wantProblem{{"/questions/0/feedback/corret", `did you mean "correct"?`}}},
		{"MissingAndDuplicateIDs", `{"questions": [
			{"type": "true_false", "prompt": "P", "answer": true},
			{"id": "q1", "type": "true_false", "prompt": "P", "answer": true},
			{"id": "q1", "type": "true_false", "prompt": "P", "answer": true}]}`,
			[]wantProblem{
				{"/questions/0/id", "every question needs an id, such as q1"},
				{"/questions/2/id", `the id "q1" is already used by question 2 (/questions/1)`},
			}},
		{"BadID", `{"questions": [{"id": "q 1", "type": "true_false", "prompt": "P", "answer": true}]}`,
			[]wantProblem{{"/questions/0/id", "may only contain letters, digits, _ and -"}}},
		{"MissingType", `{"questions": [{"id": "q1", "prompt": "P"}]}`,
			[]wantProblem{{"/questions/0/type", "every question needs a type"}}},
		{"UnknownType", `{"questions": [{"id": "q1", "type": "essay", "prompt": "P"}]}`,
			[]wantProblem{{"/questions/0/type", `unknown question type "essay"; use single_choice, multiple_response, true_false or fill_in`}}},
		{"MissingPrompt", `{"questions": [{"id": "q1", "type": "true_false", "answer": true}]}`,
			[]wantProblem{{"/questions/0/prompt", "every question needs a prompt"}}},
		{"ZeroPoints", `{"questions": [{"id": "q1", "type": "true_false", "prompt": "P", "answer": true, "points": 0}]}`,
			[]wantProblem{{"/questions/0/points", "must be more than 0"}}},
		{"SingleChoiceTwoCorrect", `{"questions": [{"id": "q1", "type": "single_choice", "prompt": "P", "choices": [
			{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": "B", "correct": true}]}]}`,
			[]wantProblem{{"/questions/0/choices", "exactly one correct choice, found 2; use multiple_response"}}},
		{"MultipleResponseNoneCorrect", `{"questions": [{"id": "q1", "type": "multiple_response", "prompt": "P", "choices": [
			{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]}]}`,
			[]wantProblem{{"/questions/0/choices", "needs at least one correct choice"}}},
		{"ChoicesMissing", `{"questions": [{"id": "q1", "type": "single_choice", "prompt": "P"}]}`,
			[]wantProblem{{"/questions/0/choices", "needs at least two choices"}}},
		{"OneChoice", `{"questions": [{"id": "q1", "type": "multiple_response", "prompt": "P", "choices": [{"id": "a", "text": "A", "correct": true}]}]}`,
			[]wantProblem{{"/questions/0/choices", "needs at least two choices"}}},
		{"DuplicateChoiceIDs", `{"questions": [{"id": "q1", "type": "single_choice", "prompt": "P", "choices": [
			{"id": "a", "text": "A", "correct": true}, {"id": "a", "text": "B"}, {"text": "C"}]}]}`,
			[]wantProblem{
				{"/questions/0/choices/1/id", `the choice id "a" is already used by choice 1`},
				{"/questions/0/choices/2/id", "every choice needs an id"},
			}},
		{"ChoiceWithoutText", `{"questions": [{"id": "q1", "type": "single_choice", "prompt": "P", "choices": [
			{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": " "}]}]}`,
			[]wantProblem{{"/questions/0/choices/1/text", "every choice needs text"}}},
		{"FillInWithoutAccepted", `{"questions": [{"id": "q1", "type": "fill_in", "prompt": "P"}]}`,
			[]wantProblem{{"/questions/0/accepted", "needs at least one accepted answer"}}},
		{"FillInBadVariants", `{"questions": [{"id": "q1", "type": "fill_in", "prompt": "P", "accepted": ["ILL", "  ", 7, "a[,]b"]}]}`,
			[]wantProblem{
				{"/questions/0/accepted/1", "cannot be empty"},
				{"/questions/0/accepted/2", "must be text, not the number 7"},
				{"/questions/0/accepted/3", `cannot contain "[,]"`},
			}},
		{"TrueFalseWithoutAnswer", `{"questions": [{"id": "q1", "type": "true_false", "prompt": "P"}]}`,
			[]wantProblem{{"/questions/0/answer", "needs answer: true or answer: false"}}},
		{"FieldOfAnotherType", `{"questions": [{"id": "q1", "type": "true_false", "prompt": "P", "answer": true,
			"choices": [{"id": "a", "text": "A"}], "case_sensitive": true}]}`,
			[]wantProblem{
				{"/questions/0/choices", `"choices" is not used by true_false questions`},
				{"/questions/0/case_sensitive", `"case_sensitive" is not used by true_false questions`},
			}},
		{"PassingScoreAboveOne", `{"passing_score": 80, "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/passing_score", "must be between 0 and 1 (0.8 means 80%), not 80"}}},
		{"PassingScoreNegative", `{"passing_score": -0.1, "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/passing_score", "must be between 0 and 1"}}},
		{"NegativeMaxAttempts", `{"max_attempts": -1, "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/max_attempts", "cannot be negative; use 0 for unlimited"}}},
		{"FractionalMaxAttempts", `{"max_attempts": 1.5, "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/max_attempts", "must be a whole number"}}},
		{"WrongTypes", `{"intro": 3, "shuffle": "yes", "passing_score": "high", "questions": [
			{"id": 1, "type": "true_false", "prompt": ["P"], "answer": "false", "points": "one"}]}`,
			[]wantProblem{
				{"/intro", `"intro" must be text, not the number 3`},
				{"/passing_score", `"passing_score" must be a number, not the text "high"`},
				{"/shuffle", `"shuffle" must be true or false, not the text "yes"`},
				{"/questions/0/id", `"id" must be text, not the number 1`},
				{"/questions/0/prompt", `"prompt" must be text, not a list`},
				{"/questions/0/points", `"points" must be a number, not the text "one"`},
				{"/questions/0/answer", `"answer" must be true or false, not the text "false"`},
			}},
		{"LayoutOnePerScreen", `{"layout": "one_per_screen", "questions": [` + tfQuestion + `]}`, nil},
		{"LayoutMisspelt", `{"layout": "one-per-screen", "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/layout", `must be "all" (every question on one screen) or "one_per_screen" (one question per screen, with next and previous), not "one-per-screen"; did you mean "one_per_screen"?`}}},
		{"LayoutUnknown", `{"layout": "carousel", "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/layout", `not "carousel"`}}},
		{"LayoutNotText", `{"layout": 1, "questions": [` + tfQuestion + `]}`,
			[]wantProblem{{"/layout", `"layout" must be text, not the number 1`}}},
		{"QuestionNotAnObject", `{"questions": ["q1"]}`,
			[]wantProblem{{"/questions/0", `must be a mapping with the settings accepted, answer, case_sensitive, choices, feedback, id, points, prompt, type, not the text "q1"`}}},
		{"EveryProblemAtOnce", `{"pasing_score": 0.8, "max_attempts": -2, "questions": [
			{"id": "q1", "type": "single_choice", "prompt": "P", "choices": [{"id": "a", "text": "A"}, {"id": "a", "text": "B"}]},
			{"id": "q1", "type": "fill_in", "prompt": "P"},
			{"id": "q3", "type": "true_false", "prompt": "P"}]}`,
			[]wantProblem{
				{"/max_attempts", "cannot be negative"},
				{"/questions/0/choices", "exactly one correct choice, found 0"},
				{"/questions/0/choices/1/id", "already used"},
				{"/questions/1/id", "already used by question 1"},
				{"/questions/1/accepted", "at least one accepted answer"},
				{"/questions/2/answer", "needs answer"},
				{"/pasing_score", `did you mean "passing_score"?`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustValidate(t, json.RawMessage(tt.config))
			assertProblems(t, got, tt.want)
		})
	}
}

func TestValidateSample(t *testing.T) {
	t.Run("Sample", func(t *testing.T) {
		assertProblems(t, mustValidate(t, MustSampleConfig(t, nil)), nil)
	})
	t.Run("NullsMeanDefaults", func(t *testing.T) {
		cfg := `{"intro": null, "passing_score": null, "max_attempts": null, "questions": [` + tfQuestion + `]}`
		assertProblems(t, mustValidate(t, json.RawMessage(cfg)), nil)
		c, _ := parseConfig(json.RawMessage(cfg))
		if c.PassingScore != defaultPassingScore || c.Questions[0].Points != defaultPoints {
			t.Errorf("passing score %v, points %v; want defaults %v, %v", c.PassingScore, c.Questions[0].Points, defaultPassingScore, defaultPoints)
		}
	})
}

func mustValidate(tb testing.TB, cfg json.RawMessage) []sdk.Problem {
	tb.Helper()
	resp, err := New().Validate(context.Background(), &sdk.ValidateRequest{Config: cfg})
	if err != nil {
		tb.Fatalf("Validate returned an error, want problems: %v", err)
	}
	return resp.Problems
}

// assertProblems checks that got holds exactly the wanted problems, in order.
func assertProblems(tb testing.TB, got []sdk.Problem, want []wantProblem) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Errorf("got %d problems, want %d:", len(got), len(want))
		for _, p := range got {
			tb.Errorf("  %s: %s", p.Pointer, p.Message)
		}
		return
	}
	for i, w := range want {
		if got[i].Pointer != w.pointer || !strings.Contains(got[i].Message, w.message) {
			tb.Errorf("problem %d = %q: %q; want %q: …%q…", i, got[i].Pointer, got[i].Message, w.pointer, w.message)
		}
	}
}

// TestUnknownSettingSuggestion checks that a misspelt setting is answered
// with the one the author meant: a silently ignored typo would change how
// the quiz behaves.
func TestUnknownSettingSuggestion(t *testing.T) {
	tests := []struct{ key, want string }{
		{"pasing_score", `did you mean "passing_score"?`},
		{"Shuffle", `did you mean "shuffle"?`},
		{"max_attempt", `did you mean "max_attempts"?`},
		{"questoins", `did you mean "questions"?`},
		{"colour", "the settings here are intro, layout, max_attempts"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			cfg := `{"` + tt.key + `": 1, "questions": [` + tfQuestion + `]}`
			assertProblems(t, mustValidate(t, json.RawMessage(cfg)), []wantProblem{{"/" + tt.key, tt.want}})
		})
	}
}
