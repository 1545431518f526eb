package quiz

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
	"golang.org/x/net/html"
)

func pagedConfig(tb testing.TB) json.RawMessage {
	return MustSampleConfig(tb, func(c map[string]any) { c["layout"] = layoutOnePerScreen })
}

// screen is what a one-per-screen form shows.
type screen struct {
	Legends []string // the questions shown
	Buttons []string // navField values of the buttons, in order
	Checked []string // values of checked inputs and typed text
	Event   string
}

func readScreen(tb testing.TB, doc *html.Node) screen {
	var s screen
	forms := sdktest.FindAll(doc, "form")
	if len(forms) != 1 {
		tb.Fatalf("%d forms, want 1", len(forms))
	}
	s.Event = sdktest.Attr(forms[0], "data-lode-event")
	if sdktest.Attr(forms[0], "action") != "?event="+s.Event || sdktest.Attr(forms[0], "method") != "post" {
		tb.Errorf("the form posts to %q: want ?event=%s, for learners without JavaScript", sdktest.Attr(forms[0], "action"), s.Event)
	}
	for _, fs := range sdktest.FindAll(doc, "fieldset") {
		s.Legends = append(s.Legends, sdktest.Text(sdktest.FindAll(fs, "legend")[0]))
		if !sdktest.HasAttr(fs, "data-lode-focus") {
			tb.Errorf("the question shown is not where focus goes")
		}
	}
	for _, b := range sdktest.FindAll(doc, "button") {
		if sdktest.Attr(b, "name") != navField {
			tb.Errorf("button %q is not named %s", sdktest.Text(b), navField)
		}
		s.Buttons = append(s.Buttons, sdktest.Attr(b, "value"))
	}
	for _, in := range sdktest.FindAll(doc, "input") {
		switch {
		case sdktest.HasAttr(in, "checked"):
			s.Checked = append(s.Checked, sdktest.Attr(in, "value"))
		case sdktest.Attr(in, "type") == "text" && sdktest.Attr(in, "value") != "":
			s.Checked = append(s.Checked, sdktest.Attr(in, "value"))
		}
	}
	slices.Sort(s.Checked) // choices are shuffled
	return s
}

func (l *testLearner) mustAnswer(to string, fields map[string][]string) *sdk.HandleResponse {
	l.tb.Helper()
	f := map[string][]string{navField: {to}}
	for k, v := range fields {
		f[k] = v
	}
	resp, err := l.handle(eventAnswer, json.RawMessage(mustJSON(l.tb, f)))
	if err != nil {
		l.tb.Fatalf("answer %v: %v", f, err)
	}
	return resp
}

func TestOnePerScreen(t *testing.T) {
	l := newTestLearner(t, pagedConfig(t))
	want := func(step string, legend string, buttons []string, checked ...string) {
		t.Helper()
		_, doc := l.mustRender()
		s := readScreen(t, doc)
		if s.Event != eventAnswer || len(s.Legends) != 1 || !strings.HasPrefix(s.Legends[0], legend) ||
			!slices.Equal(s.Buttons, buttons) || !slices.Equal(s.Checked, checked) {
			t.Errorf("%s: screen %+v\nwant legend %q, buttons %v, answers %v", step, s, legend, buttons, checked)
		}
	}
	want("first screen", "Question 1 of 5:", []string{goNext})
	l.mustAnswer(goNext, map[string][]string{"q1": {"a"}})
	want("second screen", "Question 2 of 5:", []string{goNext, goPrev})
	l.mustAnswer(goPrev, map[string][]string{"q2": {"a", "c"}})
	want("back on the first", "Question 1 of 5:", []string{goNext}, "a")
	l.mustAnswer(goNext, map[string][]string{"q1": {"b"}}) // a changed answer
	want("second again", "Question 2 of 5:", []string{goNext, goPrev}, "a", "c")
	l.mustAnswer(goNext, map[string][]string{"q2": {"a", "c"}})
	l.mustAnswer(goNext, map[string][]string{"q3": {"false"}})
	l.mustAnswer(goNext, map[string][]string{"q4": {" ILL "}})
	want("last screen", "Question 5 of 5:", []string{goSubmit, goPrev})
	l.mustAnswer(goPrev, nil)
	want("typed text kept", "Question 4 of 5:", []string{goNext, goPrev}, "ILL")
	l.mustAnswer(goNext, map[string][]string{"q4": {"ILL"}})

	t.Run("Refused", func(t *testing.T) {
		before := l.state
		for name, fields := range map[string]map[string][]string{
			"another screen's question": {navField: {goNext}, "q1": {"a"}},
			"nowhere to go":             {"q5": {"ddc"}},
			"two ways at once":          {navField: {goNext, goPrev}},
			"unknown choice":            {navField: {goNext}, "q5": {"zzz"}},
		} {
			if _, err := l.handle(eventAnswer, json.RawMessage(mustJSON(t, fields))); !sdk.IsInvalid(err) {
				t.Errorf("%s: err = %v, want an InvalidError", name, err)
			}
		}
		if string(l.state) != string(before) {
			t.Errorf("a refused answer changed the state")
		}
	})

	resp := l.mustAnswer(goSubmit, map[string][]string{"q5": {"ddc"}})
	if resp.Result == nil || resp.Result.Score.Raw != 4 || resp.FeedbackHTML != "You scored 4 of 5 (80%). You passed." {
		t.Errorf("submitting from the last screen: result %+v, feedback %q; want 4 of 5 (q1 changed to b)", resp.Result, resp.FeedbackHTML)
	}
	_, doc := l.mustRender()
	if len(byClass(doc, "lode-quiz-verdict")) != 5 {
		t.Errorf("the review does not list the 5 questions")
	}
	if s := byClass(doc, "lode-quiz-summary"); len(s) != 1 || !sdktest.HasAttr(s[0], "data-lode-focus") {
		t.Errorf("focus does not go to the result after submitting")
	}
	if _, err := l.handle(eventAnswer, json.RawMessage(mustJSON(t, map[string][]string{navField: {goNext}}))); !sdk.IsInvalid(err) {
		t.Errorf("an answer after submitting: err = %v, want an InvalidError", err)
	}
}

func TestOnePerScreenRetryStartsAtTheFirst(t *testing.T) {
	l := newTestLearner(t, pagedConfig(t))
	for range 4 {
		l.mustAnswer(goNext, nil)
	}
	l.mustAnswer(goSubmit, nil)
	l.mustRetry()
	_, doc := l.mustRender()
	if s := readScreen(t, doc); len(s.Legends) != 1 || !strings.HasPrefix(s.Legends[0], "Question 1 of 5") || len(s.Checked) != 0 {
		t.Errorf("a new attempt shows %+v, want the first question, blank", s)
	}
}

// The learner's screen survives an author removing questions.
func TestOnePerScreenAfterQuestionsRemoved(t *testing.T) {
	l := newTestLearner(t, pagedConfig(t))
	for range 4 {
		l.mustAnswer(goNext, nil)
	}
	l.obj.Config = MustSampleConfig(t, func(c map[string]any) {
		c["layout"] = layoutOnePerScreen
		c["questions"] = c["questions"].([]any)[:2]
	})
	_, doc := l.mustRender()
	if s := readScreen(t, doc); len(s.Legends) != 1 || !strings.HasPrefix(s.Legends[0], "Question 2 of 2") {
		t.Errorf("shows %+v, want the last question left", s)
	}
	l.mustAnswer(goSubmit, map[string][]string{"q2": {"a", "c"}})
}

func TestAllAtOnceRefusesAnswerEvents(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	if _, err := l.handle(eventAnswer, json.RawMessage(`{"quiz.go":["next"]}`)); !sdk.IsInvalid(err) {
		t.Errorf("err = %v, want an InvalidError", err)
	}
	_, doc := l.mustRender()
	if s := sdktest.FindAll(doc, "fieldset"); len(s) != 5 || sdktest.HasAttr(s[0], "data-lode-focus") {
		t.Errorf("the all-at-once form shows %d questions, or moves focus into them", len(s))
	}
}
