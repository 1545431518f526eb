package quiz

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// allRight answers every question of the sample correctly.
func allRight() map[string][]string {
	return map[string][]string{"q1": {"a"}, "q2": {"a", "c"}, "q3": {"false"}, "q4": {"ILL"}, "q5": {"ddc"}}
}

// with returns allRight with some answers replaced (nil removes one).
func with(changes map[string][]string) map[string][]string {
	f := allRight()
	for k, v := range changes {
		if v == nil {
			delete(f, k)
			continue
		}
		f[k] = v
	}
	return f
}

func TestGrade(t *testing.T) {
	tests := []struct {
		name   string
		fields map[string][]string
		wrong  []string // questions graded incorrect; all others correct
	}{
		{"AllRight", allRight(), nil},
		{"Nothing", map[string][]string{}, []string{"q1", "q2", "q3", "q4", "q5"}},
		{"SingleChoiceWrong", with(map[string][]string{"q1": {"b"}}), []string{"q1"}},
		{"SingleChoiceEmptyValue", with(map[string][]string{"q1": {""}}), []string{"q1"}},
		{"MultipleResponseOtherOrder", with(map[string][]string{"q2": {"c", "a"}}), nil},
		{"MultipleResponsePartlyRight", with(map[string][]string{"q2": {"a"}}), []string{"q2"}},
		{"MultipleResponseOneTooMany", with(map[string][]string{"q2": {"a", "b", "c"}}), []string{"q2"}},
		{"MultipleResponseAllTicked", with(map[string][]string{"q2": {"a", "b", "c", "d"}}), []string{"q2"}},
		{"MultipleResponseEmpty", with(map[string][]string{"q2": {}}), []string{"q2"}},
		{"TrueFalseWrong", with(map[string][]string{"q3": {"true"}}), []string{"q3"}},
		{"TrueFalseUnanswered", with(map[string][]string{"q3": nil}), []string{"q3"}},
		{"FillInOtherVariant", with(map[string][]string{"q4": {"inter-library loan"}}), nil},
		{"FillInCaseIgnored", with(map[string][]string{"q4": {"Interlibrary LOAN"}}), nil},
		{"FillInLowercaseAbbreviation", with(map[string][]string{"q4": {"ill"}}), nil},
		{"FillInWhitespace", with(map[string][]string{"q4": {"  interlibrary \t\n loan  "}}), nil},
		{"FillInNearMiss", with(map[string][]string{"q4": {"inter library loan"}}), []string{"q4"}},
		{"FillInBlank", with(map[string][]string{"q4": {"   "}}), []string{"q4"}},
		{"FillInMarkup", with(map[string][]string{"q4": {"<b>ILL</b>"}}), []string{"q4"}},
	}
	cfg := mustLoadConfig(t, MustSampleConfig(t, nil))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers, err := parseAnswers(cfg, tt.fields)
			if err != nil {
				t.Fatalf("parseAnswers: %v", err)
			}
			g := gradeAttempt(cfg, answers)
			for _, qg := range g.Questions {
				wantRight := !slices.Contains(tt.wrong, qg.Question.ID)
				if qg.Correct != wantRight || (qg.Earned == qg.Question.Points) != wantRight {
					t.Errorf("%s: correct %t, earned %v; want correct %t", qg.Question.ID, qg.Correct, qg.Earned, wantRight)
				}
			}
			if want := float64(5 - len(tt.wrong)); g.Raw != want || g.Max != 5 || g.Scaled != want/5 {
				t.Errorf("score %v/%v scaled %v, want %v/5", g.Raw, g.Max, g.Scaled, want)
			}
			if want := len(tt.wrong) <= 1; g.Passed != want {
				t.Errorf("passed = %t, want %t (4 of 5 passes at 0.8)", g.Passed, want)
			}
		})
	}
}

func TestGradeCaseSensitive(t *testing.T) {
	raw := MustSampleConfig(t, func(c map[string]any) { sampleQuestion(c, 3)["case_sensitive"] = true })
	cfg := mustLoadConfig(t, raw)
	tests := []struct {
		answer string
		want   bool
	}{
		{"ILL", true},
		{" ILL ", true},
		{"ill", false},
		{"Interlibrary loan", false},
		{"interlibrary   loan", true},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			if got := isCorrect(cfg.questionByID("q4"), []string{tt.answer}); got != tt.want {
				t.Errorf("isCorrect(%q) = %t, want %t", tt.answer, got, tt.want)
			}
		})
	}
}

func TestGradePoints(t *testing.T) {
	raw := json.RawMessage(`{"passing_score": 0.7, "questions": [
		{"id": "a", "type": "true_false", "prompt": "A", "answer": true, "points": 0.1},
		{"id": "b", "type": "true_false", "prompt": "B", "answer": true, "points": 0.2},
		{"id": "c", "type": "true_false", "prompt": "C", "answer": true, "points": 0.7}]}`)
	cfg := mustLoadConfig(t, raw)
	tests := []struct {
		name       string
		answers    map[string][]string
		raw        float64
		passed     bool
		percentage string
	}{
		{"OnlyTheBigOne", map[string][]string{"c": {"true"}}, 0.7, true, "70"},
		{"TheTwoSmallOnes", map[string][]string{"a": {"true"}, "b": {"true"}}, 0.3, false, "30"},
		{"All", map[string][]string{"a": {"true"}, "b": {"true"}, "c": {"true"}}, 1, true, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gradeAttempt(cfg, tt.answers)
			if math.Abs(g.Raw-tt.raw) > 1e-9 || g.Passed != tt.passed || formatScorePercent(g.Scaled) != tt.percentage {
				t.Errorf("raw %v passed %t %s%%; want %v %t %s%%", g.Raw, g.Passed, formatScorePercent(g.Scaled), tt.raw, tt.passed, tt.percentage)
			}
		})
	}
}

// TestSubmitHostile sends what no form of this quiz could: each must be
// refused as the learner's mistake, never crash or be graded.
func TestSubmitHostile(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"UnknownQuestion", `{"q9": ["a"]}`},
		{"UnknownChoice", `{"q1": ["z"]}`},
		{"ChoiceOfAnotherQuestion", `{"q1": ["ddc"]}`},
		{"TwoValuesForSingleChoice", `{"q1": ["a", "b"]}`},
		{"SameChoiceTwice", `{"q2": ["a", "a"]}`},
		{"TrueFalseNotABool", `{"q3": ["maybe"]}`},
		{"TrueFalseBoth", `{"q3": ["true", "false"]}`},
		{"TwoFillInValues", `{"q4": ["ILL", "interlibrary loan"]}`},
		{"FillIn501Chars", `{"q4": ["` + strings.Repeat("é", 501) + `"]}`},
		{"FillIn10kChars", `{"q4": ["` + strings.Repeat("x", 10000) + `"]}`},
		{"DataIsAString", `"q1=a"`},
		{"DataIsAList", `[["q1", "a"]]`},
		{"DataIsANumber", `42`},
		{"ValueNotAList", `{"q1": "a"}`},
		{"ValueIsNumbers", `{"q1": [1]}`},
		{"ValueIsAnObject", `{"q1": {"a": true}}`},
		{"DeeplyNested", strings.Repeat("[", 5000) + strings.Repeat("]", 5000)},
		{"NotJSON", `{q1: [a]}`},
		{"HugeKey", `{"` + strings.Repeat("k", 10000) + `": ["a"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLearner(t, MustSampleConfig(t, nil))
			resp, err := l.handle(eventSubmit, json.RawMessage(tt.data))
			if !sdk.IsInvalid(err) {
				t.Fatalf("Handle = %v, %v; want an *sdk.InvalidError", resp, err)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error message is %d bytes; it should not echo the input back in full", len(err.Error()))
			}
			if l.state != nil {
				t.Errorf("state changed to %s after a refused submission", l.state)
			}
		})
	}
}

func TestSubmitAllowsEmptyShapes(t *testing.T) {
	for _, data := range []string{``, `null`, `{}`, `{"q1": null}`, `{"q1": []}`, `{"q4": [""]}`} {
		t.Run(data, func(t *testing.T) {
			l := newTestLearner(t, MustSampleConfig(t, nil))
			resp, err := l.handle(eventSubmit, json.RawMessage(data))
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if resp.Result.Score.Raw != 0 || *resp.Result.Success {
				t.Errorf("result %+v, want 0 points and failed", resp.Result.Score)
			}
		})
	}
}

func mustLoadConfig(tb testing.TB, raw json.RawMessage) *config {
	tb.Helper()
	cfg, err := loadConfig(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}
