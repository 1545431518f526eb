package quiz

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

func TestStatementsOnSubmit(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	resp := l.mustSubmit(with(map[string][]string{"q2": {"c", "a"}, "q4": {"  Inter-Library   Loan "}, "q5": {"lcc"}}))

	wantVerbs := []sdk.Verb{sdk.VerbAnswered, sdk.VerbAnswered, sdk.VerbAnswered, sdk.VerbAnswered, sdk.VerbAnswered, sdk.VerbPassed, sdk.VerbCompleted}
	assertVerbs(t, resp.Statements, wantVerbs)

	tests := []struct {
		suffix, interaction string
		patterns            []string
		choices             []string
		response            string
		success             bool
	}{
		{"/questions/q1", "choice", []string{"a"}, []string{"a", "b", "c"}, "a", true},
		{"/questions/q2", "choice", []string{"a[,]c"}, []string{"a", "b", "c", "d"}, "a[,]c", true},
		{"/questions/q3", "true-false", []string{"false"}, nil, "false", true},
		{"/questions/q4", "fill-in", []string{"{case_matters=false}interlibrary loan", "{case_matters=false}inter-library loan", "{case_matters=false}ILL"}, nil, "Inter-Library   Loan", true},
		{"/questions/q5", "choice", []string{"ddc"}, []string{"ddc", "lcc"}, "lcc", false},
	}
	for i, tt := range tests {
		t.Run(tt.suffix, func(t *testing.T) {
			s := resp.Statements[i]
			if s.Activity == nil || s.Activity.IDSuffix != tt.suffix {
				t.Fatalf("activity %+v, want suffix %q", s.Activity, tt.suffix)
			}
			def := decodeDefinition(t, s.Activity.Definition)
			if def.Type != sdk.ActivityInteraction || def.InteractionType != tt.interaction {
				t.Errorf("type %q interactionType %q, want %q %q", def.Type, def.InteractionType, sdk.ActivityInteraction, tt.interaction)
			}
			if !reflect.DeepEqual(def.CorrectResponsesPattern, tt.patterns) {
				t.Errorf("correctResponsesPattern %q, want %q", def.CorrectResponsesPattern, tt.patterns)
			}
			var ids []string
			for _, c := range def.Choices {
				ids = append(ids, c.ID)
				if c.Description["en-US"] == "" {
					t.Errorf("choice %q has no en-US description", c.ID)
				}
			}
			if !reflect.DeepEqual(ids, tt.choices) {
				t.Errorf("choices %q, want %q", ids, tt.choices)
			}
			wantRaw := 0.0
			if tt.success {
				wantRaw = 1
			}
			want := &sdk.Result{Response: tt.response, Success: sdk.Bool(tt.success), Score: &sdk.Score{Raw: wantRaw, Min: 0, Max: 1, Scaled: wantRaw}}
			if !reflect.DeepEqual(s.Result, want) {
				t.Errorf("result %s, want %s", mustJSON(t, s.Result), mustJSON(t, want))
			}
		})
	}

	t.Run("Names", func(t *testing.T) {
		q1 := decodeDefinition(t, resp.Statements[0].Activity.Definition)
		if got := q1.Name["en-US"]; got != "What does ILL stand for?" {
			t.Errorf("name %q, want the prompt without Markdown", got)
		}
		if got := q1.Choices[0].Description["en-US"]; got != "Interlibrary loan" {
			t.Errorf("choice a description %q", got)
		}
	})
	t.Run("Quiz", func(t *testing.T) {
		want := &sdk.Result{Score: &sdk.Score{Raw: 4, Min: 0, Max: 5, Scaled: 0.8}, Success: sdk.Bool(true), Completion: sdk.Bool(true)}
		for _, s := range resp.Statements[5:] {
			if s.Activity != nil || !reflect.DeepEqual(s.Result, want) {
				t.Errorf("%s: activity %+v result %s; want the quiz itself with %s", s.Verb.Display["en-US"], s.Activity, mustJSON(t, s.Result), mustJSON(t, want))
			}
		}
		if !reflect.DeepEqual(resp.Result, want) {
			t.Errorf("HandleResponse.Result %s, want %s", mustJSON(t, resp.Result), mustJSON(t, want))
		}
		if want := "You scored 4 of 5 (80%). You passed."; resp.FeedbackHTML != want {
			t.Errorf("FeedbackHTML %q, want %q", resp.FeedbackHTML, want)
		}
	})
}

func TestStatementsCaseSensitivePattern(t *testing.T) {
	cfg := mustLoadConfig(t, MustSampleConfig(t, func(c map[string]any) { sampleQuestion(c, 3)["case_sensitive"] = true }))
	got := correctResponsesPattern(cfg.questionByID("q4"))
	want := []string{"{case_matters=true}interlibrary loan", "{case_matters=true}inter-library loan", "{case_matters=true}ILL"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pattern %q, want %q", got, want)
	}
}

func TestStatementsUnanswered(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	resp := l.mustSubmit(map[string][]string{})
	for _, s := range resp.Statements[:5] {
		if s.Result.Response != "" || *s.Result.Success || s.Result.Score.Raw != 0 {
			t.Errorf("%s: result %s, want empty response, failed, 0 points", s.Activity.IDSuffix, mustJSON(t, s.Result))
		}
	}
	assertVerbs(t, resp.Statements[5:], []sdk.Verb{sdk.VerbFailed})
	if *resp.Statements[5].Result.Completion || *resp.Result.Completion {
		t.Error("a failed attempt with attempts left is not a completion")
	}
	if want := "You scored 0 of 5 (0%). You did not pass."; resp.FeedbackHTML != want {
		t.Errorf("FeedbackHTML %q, want %q", resp.FeedbackHTML, want)
	}
}

// TestCompletedOnce runs every attempt to exhaustion and checks that
// exactly the last submission records completed, with the final result.
func TestCompletedOnce(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil)) // max_attempts: 3
	var all []sdk.StatementDraft
	for attempt := 1; attempt <= 3; attempt++ {
		resp := l.mustSubmit(with(map[string][]string{"q1": {"b"}, "q2": {"a"}}))
		all = append(all, resp.Statements...)
		finished := attempt == 3
		if *resp.Result.Completion != finished {
			t.Errorf("attempt %d: completion %t, want %t", attempt, *resp.Result.Completion, finished)
		}
		if !finished {
			if r := l.mustRetry(); len(r.Statements) != 0 || r.Result != nil {
				t.Errorf("retry recorded %d statements and result %v, want none", len(r.Statements), r.Result)
			}
		}
	}
	var completed []sdk.StatementDraft
	for _, s := range all {
		if s.Verb.ID == sdk.VerbCompleted.ID {
			completed = append(completed, s)
		}
	}
	if len(completed) != 1 || all[len(all)-1].Verb.ID != sdk.VerbCompleted.ID {
		t.Fatalf("%d completed statements, want 1 as the last statement", len(completed))
	}
	want := &sdk.Result{Score: &sdk.Score{Raw: 3, Min: 0, Max: 5, Scaled: 0.6}, Success: sdk.Bool(false), Completion: sdk.Bool(true)}
	if !reflect.DeepEqual(completed[0].Result, want) {
		t.Errorf("completed result %s, want %s", mustJSON(t, completed[0].Result), mustJSON(t, want))
	}
	if _, err := l.handle(eventSubmit, json.RawMessage(`{}`)); !sdk.IsInvalid(err) {
		t.Errorf("submit after the last attempt = %v, want an InvalidError", err)
	}
}

// TestCompletedNotRepeated covers an author raising max_attempts after a
// learner finished: the quiz reopens, but completed is not sent again.
func TestCompletedNotRepeated(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, func(c map[string]any) { c["max_attempts"] = 1 }))
	if resp := l.mustSubmit(map[string][]string{}); resp.Statements[len(resp.Statements)-1].Verb.ID != sdk.VerbCompleted.ID {
		t.Fatal("the only attempt should complete the quiz")
	}
	l.obj.Config = MustSampleConfig(t, func(c map[string]any) { c["max_attempts"] = 2 })
	l.mustRetry()
	resp := l.mustSubmit(allRight())
	assertVerbs(t, resp.Statements[5:], []sdk.Verb{sdk.VerbPassed})
}

func assertVerbs(tb testing.TB, got []sdk.StatementDraft, want []sdk.Verb) {
	tb.Helper()
	var g, w []string
	for _, s := range got {
		g = append(g, s.Verb.ID)
	}
	for _, v := range want {
		w = append(w, v.ID)
	}
	if !reflect.DeepEqual(g, w) {
		tb.Errorf("verbs\n got %q\nwant %q", g, w)
	}
}

func decodeDefinition(tb testing.TB, raw json.RawMessage) interactionDefinition {
	tb.Helper()
	var def interactionDefinition
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&def); err != nil {
		tb.Fatalf("definition %s: %v", raw, err)
	}
	return def
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
