package quiz

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
	"golang.org/x/net/html"
)

// leakConfig is a quiz whose answers and feedback are made of sentinel
// words, so a search of the HTML for them cannot match anything else.
var leakConfig = json.RawMessage(`{
	"max_attempts": 2,
	"questions": [
		{"id": "s", "type": "single_choice", "prompt": "Pick one",
		 "choices": [{"id": "x1", "text": "Alpha"}, {"id": "x2", "text": "Bravo", "correct": true, "feedback": "ZULUCHOICEFEEDBACK"}],
		 "feedback": {"correct": "ZULURIGHT", "incorrect": "ZULUWRONG"}},
		{"id": "m", "type": "multiple_response", "prompt": "Pick some",
		 "choices": [{"id": "y1", "text": "Charlie", "correct": true}, {"id": "y2", "text": "Delta"}, {"id": "y3", "text": "Echo", "correct": true}]},
		{"id": "t", "type": "true_false", "prompt": "Is it so", "answer": false, "feedback": {"incorrect": "ZULUTFWRONG"}},
		{"id": "f", "type": "fill_in", "prompt": "Type it", "accepted": ["ZULUVARIANTONE", "zuluvarianttwo"]}
	]}`)

// leakWords must not appear before the learner may see them.
var leakWords = []string{"correct", "zulu"}

func TestRenderForm(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	_, doc := l.mustRender()

	forms := sdktest.FindAll(doc, "form")
	if len(forms) != 1 || sdktest.Attr(forms[0], "data-lode-event") != "submit" {
		t.Fatalf("want one form with data-lode-event=submit, got %d", len(forms))
	}
	fieldsets := sdktest.FindAll(forms[0], "fieldset")
	if len(fieldsets) != 5 {
		t.Fatalf("%d fieldsets, want one per question (5)", len(fieldsets))
	}
	for i, fs := range fieldsets {
		legend := firstElement(fs)
		if legend == nil || legend.Data != "legend" || sdktest.Text(legend) == "" {
			t.Errorf("fieldset %d does not start with a non-empty legend", i+1)
		}
	}
	if got := sdktest.Text(fieldsets[0]); !strings.HasPrefix(got, "Question 1 of 5: What does ILL stand for?") {
		t.Errorf("first legend %q", got)
	}
	wantTypes := [][]string{{"radio"}, {"checkbox"}, {"radio"}, {"text"}, {"radio"}}
	for i, fs := range fieldsets {
		var types []string
		for _, in := range sdktest.FindAll(fs, "input") {
			if !slices.Contains(types, sdktest.Attr(in, "type")) {
				types = append(types, sdktest.Attr(in, "type"))
			}
		}
		if !slices.Equal(types, wantTypes[i]) {
			t.Errorf("question %d inputs are %q, want %q", i+1, types, wantTypes[i])
		}
	}
	assertLabelled(t, doc)
	assertUniqueIDs(t, doc, "lode-quiz-quiz-1")
	if b := sdktest.FindAll(forms[0], "button"); len(b) != 1 || sdktest.Text(b[0]) != "Submit answers" || sdktest.Attr(b[0], "type") != "submit" {
		t.Errorf("want one submit button labelled Submit answers")
	}
	if text := sdktest.FindAll(fieldsets[3], "input"); sdktest.Attr(text[0], "maxlength") != "500" {
		t.Errorf("fill-in maxlength %q, want 500", sdktest.Attr(text[0], "maxlength"))
	}
	assertHeadings(t, doc)
}

// TestRenderNoLeakBeforeSubmit renders an unanswered quiz and looks for
// any trace of the answers: words, marker attributes, or inputs that differ
// in anything but id and value.
func TestRenderNoLeakBeforeSubmit(t *testing.T) {
	l := newTestLearner(t, leakConfig)
	raw, doc := l.mustRender()
	lower := strings.ToLower(raw)
	for _, w := range leakWords {
		if strings.Contains(lower, w) {
			t.Errorf("the form contains %q:\n%s", w, raw)
		}
	}
	for _, in := range sdktest.FindAll(doc, "input") {
		var keys []string
		for _, a := range in.Attr {
			keys = append(keys, a.Key)
		}
		want := []string{"type", "id", "name", "value"}
		if sdktest.Attr(in, "type") == "text" {
			want = []string{"type", "id", "name", "maxlength", "autocomplete", "spellcheck"}
		}
		if !slices.Equal(keys, want) {
			t.Errorf("input %s has attributes %q, want exactly %q", sdktest.Attr(in, "id"), keys, want)
		}
	}
	for _, li := range sdktest.FindAll(doc, "li") {
		if sdktest.Attr(li, "class") != "lode-quiz-choice" || len(li.Attr) != 1 {
			t.Errorf("choice item %v carries extra attributes", li.Attr)
		}
	}
}

func TestRenderReviewHidesAnswersWhileAttemptsRemain(t *testing.T) {
	l := newTestLearner(t, leakConfig)
	l.mustSubmit(map[string][]string{"s": {"x1"}, "m": {"y1"}, "t": {"true"}, "f": {"nope"}})
	raw, doc := l.mustRender()

	if got := texts(byClass(doc, "lode-quiz-verdict")); !slices.Equal(got, []string{"Incorrect", "Incorrect", "Incorrect", "Incorrect"}) {
		t.Errorf("verdicts %q", got)
	}
	for _, hidden := range []string{"Bravo", "Echo", "ZULUCHOICEFEEDBACK", "ZULURIGHT", "ZULUVARIANTONE", "zuluvarianttwo", "Correct answer"} {
		if strings.Contains(raw, hidden) {
			t.Errorf("review shows %q before the learner passed or ran out of attempts", hidden)
		}
	}
	for _, shown := range []string{"ZULUWRONG", "ZULUTFWRONG", "You scored 0 of 4 (0%).", "You did not pass. The passing score is 80%.", "Attempts used: 1 of 2; 1 remaining."} {
		if !strings.Contains(raw, shown) {
			t.Errorf("review lacks %q", shown)
		}
	}
	if got := texts(byClass(doc, "lode-quiz-answer")); !slices.Equal(got, []string{"Alpha", "Charlie", "True", "nope"}) {
		t.Errorf("learner's answers shown as %q", got)
	}
	forms := sdktest.FindAll(doc, "form")
	if len(forms) != 1 || sdktest.Attr(forms[0], "data-lode-event") != "retry" || sdktest.Text(forms[0]) != "Try again" {
		t.Errorf("want exactly one retry form with a Try again button, got %d forms", len(forms))
	}
	assertHeadings(t, doc)
	assertUniqueIDs(t, doc, "lode-quiz-quiz-1")
}

func TestRenderReviewRevealsAnswers(t *testing.T) {
	tests := []struct {
		name    string
		submits []map[string][]string
		retry   bool
		outcome string
	}{
		{"Passed", []map[string][]string{{"s": {"x2"}, "m": {"y1", "y3"}, "t": {"false"}, "f": {"zuluVariantTwo"}}}, false, "You passed."},
		{"Exhausted", []map[string][]string{{}, {"s": {"x2"}}}, false, "You did not pass."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLearner(t, leakConfig)
			for i, fields := range tt.submits {
				if i > 0 {
					l.mustRetry()
				}
				l.mustSubmit(fields)
			}
			raw, doc := l.mustRender()
			if got := texts(byClass(doc, "lode-quiz-solution")); !slices.Equal(got, []string{"Bravo", "Charlie", "Echo", "False", "ZULUVARIANTONE", "zuluvarianttwo"}) {
				t.Errorf("correct answers shown as %q", got)
			}
			if !strings.Contains(raw, tt.outcome) {
				t.Errorf("review lacks %q", tt.outcome)
			}
			if forms := sdktest.FindAll(doc, "form"); len(forms) != 0 {
				t.Errorf("%d forms after the quiz is finished, want none", len(forms))
			}
		})
	}
}

func TestRenderChoiceFeedback(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	l.mustSubmit(with(map[string][]string{"q1": {"b"}}))
	_, doc := l.mustRender()
	got := texts(byClass(sdktest.FindAll(doc, "article")[0], "lode-quiz-feedback"))
	want := []string{"That is not a standard term.", "Review the section on resource sharing."}
	if !slices.Equal(got, want) {
		t.Errorf("question 1 feedback %q, want %q", got, want)
	}
}

// TestRenderEscapesAnswers submits markup as a fill-in answer and checks
// that it comes back as text, not as elements.
func TestRenderEscapesAnswers(t *testing.T) {
	const attack = `<script>alert(1)</script><img src=x onerror="alert(2)">&amp;`
	l := newTestLearner(t, MustSampleConfig(t, nil))
	l.mustSubmit(with(map[string][]string{"q4": {attack}}))
	raw, doc := l.mustRender()
	if len(sdktest.FindAll(doc, "script")) != 0 || len(sdktest.FindAll(doc, "img")) != 0 || strings.Contains(raw, "<script") {
		t.Fatalf("answer was not escaped:\n%s", raw)
	}
	if got := texts(byClass(doc, "lode-quiz-answer")); !slices.Contains(got, attack) {
		t.Errorf("answers %q do not show the submitted text verbatim", got)
	}
}

func TestRenderShuffle(t *testing.T) {
	raw := MustSampleConfig(t, nil) // shuffle: true
	order := func(l *testLearner) []string {
		_, doc := l.mustRender()
		var values []string
		for _, in := range sdktest.FindAll(doc, "input") {
			values = append(values, sdktest.Attr(in, "name")+"="+sdktest.Attr(in, "value"))
		}
		return values
	}
	t.Run("StableForTheSameState", func(t *testing.T) {
		l := newTestLearner(t, raw)
		first := order(l)
		if again := order(l); !slices.Equal(first, again) {
			t.Errorf("order changed between renders:\n%q\n%q", first, again)
		}
		l.mustSubmit(map[string][]string{})
		l.mustRetry()
		second := order(l)
		if again := order(l); !slices.Equal(second, again) {
			t.Errorf("order changed between renders of attempt 2:\n%q\n%q", second, again)
		}
	})
	t.Run("EachLearnerOwnOrderFromTheFirstAttempt", func(t *testing.T) {
		orders := map[string]bool{}
		for i := range 8 {
			l := newTestLearner(t, raw)
			l.reg = fmt.Sprintf("0b8a7f44-6a38-4c5e-9d0a-2f7a1c3e9b%02d", i)
			first := order(l)
			orders[fmt.Sprint(first)] = true
			// The order the learner saw is the one their submit is graded against.
			if again := order(l); !slices.Equal(first, again) {
				t.Fatalf("order changed between renders for one learner")
			}
		}
		if len(orders) < 2 {
			t.Errorf("8 learners all saw the same first-attempt order")
		}
	})
	t.Run("ActuallyShuffles", func(t *testing.T) {
		cfg := mustLoadConfig(t, raw)
		q := cfg.questionByID("q2")
		seen := map[string]bool{}
		for seed := range uint32(50) {
			seen[fmt.Sprint(choiceOrder(q, true, seed))] = true
		}
		if len(seen) < 5 {
			t.Errorf("50 seeds gave only %d orders of 4 choices", len(seen))
		}
		if got := choiceOrder(q, false, 7); !slices.Equal(got, []int{0, 1, 2, 3}) {
			t.Errorf("without shuffle the order is %v", got)
		}
	})
}

func TestRenderInvalidInput(t *testing.T) {
	t.Run("Config", func(t *testing.T) {
		l := newTestLearner(t, json.RawMessage(`{"questions": []}`))
		if _, err := l.quiz.Render(t.Context(), &sdk.RenderRequest{Object: l.obj, State: l.state}); err == nil {
			t.Error("Render of an invalid config succeeded")
		}
	})
	t.Run("State", func(t *testing.T) {
		l := newTestLearner(t, MustSampleConfig(t, nil))
		for _, st := range []string{`{"v": 1, "attempt": 0}`, `{"v": 99, "attempt": 1}`, `[]`} {
			l.state = json.RawMessage(st)
			if _, err := l.quiz.Render(t.Context(), &sdk.RenderRequest{Object: l.obj, State: l.state}); err == nil {
				t.Errorf("Render with state %s succeeded", st)
			}
		}
	})
}

// assertLabelled checks that every input has a label pointing at it.
func assertLabelled(tb testing.TB, doc *html.Node) {
	tb.Helper()
	labels := sdktest.Labels(doc)
	for _, in := range sdktest.FindAll(doc, "input") {
		if id := sdktest.Attr(in, "id"); id == "" || labels[id] == "" {
			tb.Errorf("input %s=%s has no label", sdktest.Attr(in, "name"), sdktest.Attr(in, "value"))
		}
	}
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// assertUniqueIDs checks that ids are unique, well formed and extend the
// object's prefix, and that ARIA references point at them.
func assertUniqueIDs(tb testing.TB, doc *html.Node, prefix string) {
	tb.Helper()
	ids := map[string]bool{}
	for d := range doc.Descendants() {
		if id := sdktest.Attr(d, "id"); d.Type == html.ElementNode && id != "" {
			if ids[id] || !strings.HasPrefix(id, prefix) || !idRE.MatchString(id) {
				tb.Errorf("id %q is duplicated, malformed or lacks the prefix %q", id, prefix)
			}
			ids[id] = true
		}
	}
	for d := range doc.Descendants() {
		for _, key := range []string{"aria-describedby", "aria-labelledby", "for"} {
			if ref := sdktest.Attr(d, key); d.Type == html.ElementNode && ref != "" && !ids[ref] {
				tb.Errorf("%s=%q points at no element", key, ref)
			}
		}
	}
}

// assertHeadings checks that the fragment leaves <h1> to the engine's page.
func assertHeadings(tb testing.TB, doc *html.Node) {
	tb.Helper()
	if n := len(sdktest.FindAll(doc, "h1")); n != 0 {
		tb.Errorf("fragment has %d h1 elements; the page owns h1", n)
	}
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// TestRenderIDsFollowDisplayOrder guards the shuffle: input ids numbered by
// the author's order would tell a learner which choice the author wrote
// first.
func TestRenderIDsFollowDisplayOrder(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	_, doc := l.mustRender()
	for i, fs := range sdktest.FindAll(doc, "fieldset") {
		for j, in := range sdktest.FindAll(fs, "input") {
			if sdktest.Attr(in, "type") == "text" || sdktest.Attr(in, "value") == "true" || sdktest.Attr(in, "value") == "false" {
				continue
			}
			if want := fmt.Sprintf("lode-quiz-quiz-1-q%d-c%d", i+1, j+1); sdktest.Attr(in, "id") != want {
				t.Errorf("input %s=%s has id %q, want %q", sdktest.Attr(in, "name"), sdktest.Attr(in, "value"), sdktest.Attr(in, "id"), want)
			}
		}
	}
}
