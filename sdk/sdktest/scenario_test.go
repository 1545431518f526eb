package sdktest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// tally counts "add" events up to the configured goal and is complete
// there: the smallest content type a scenario can walk through.
type tally struct{}

func (tally) Describe(context.Context) (*sdk.Description, error) {
	return &sdk.Description{Name: "tally", ProtocolVersion: sdk.ProtocolVersion}, nil
}

func (tally) Validate(context.Context, *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	return &sdk.ValidateResponse{}, nil
}

func (tally) Render(_ context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	return &sdk.RenderResponse{HTML: `<p>` + string(req.State) + `</p><form data-lode-event="add"><label>By <input name="n"></label><button>Add</button></form>`}, nil
}

func (tally) Handle(_ context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	var cfg struct{ Goal int }
	var st struct{ Count int }
	_ = json.Unmarshal(req.Object.Config, &cfg)
	_ = json.Unmarshal(req.State, &st)
	fields, err := req.Event.Fields()
	if err != nil {
		return nil, sdk.Invalidf("%v", err)
	}
	var n int
	if _, err := fmt.Sscan(strings.Join(fields["n"], ""), &n); err != nil || n < 1 {
		return nil, sdk.Invalidf("n: give a whole number of at least 1")
	}
	st.Count += n
	state, _ := json.Marshal(st)
	done := st.Count >= cfg.Goal
	return &sdk.HandleResponse{
		State: state, Result: &sdk.Result{Completion: sdk.Bool(done)}, FeedbackHTML: fmt.Sprintf("<p>%d so far</p>", st.Count),
		Statements: []sdk.StatementDraft{{Verb: sdk.VerbInteracted, Activity: &sdk.Activity{IDSuffix: "/add",
			Definition: json.RawMessage(`{"type":"` + sdk.ActivityInteraction + `","interactionType":"numeric"}`)}}},
	}, nil
}

func (tally) Asset(context.Context, string) (*sdk.Asset, error) {
	return nil, sdk.Invalidf("no assets")
}

func TestRunScenario(t *testing.T) {
	sdktest.RunScenario(t, sdktest.InProcess(t, tally{}), sdktest.Scenario{
		Config: json.RawMessage(`{"goal": 3}`),
		Steps: []sdktest.Step{
			{Name: "NotANumber", Event: sdktest.Form("add", "n", "many"), WantInvalid: "whole number"},
			{Name: "AddTwo", Event: sdktest.Form("add", "n", "2"), WantState: `{"Count": 2}`,
				WantResult: &sdk.Result{Completion: sdk.Bool(false)}, WantVerbs: []string{sdk.VerbInteracted.ID}, WantFeedback: "2 so far"},
			{Name: "AddOne", Event: sdktest.Form("add", "n", "1"), WantState: `{ "Count":3 }`,
				WantResult: &sdk.Result{Completion: sdk.Bool(true)},
				Check: func(tb testing.TB, resp *sdk.HandleResponse) {
					if !strings.Contains(resp.View.HTML, `{"Count":3}`) {
						tb.Errorf("view %s does not show the new state", resp.View.HTML)
					}
				}},
		},
	})
}

func TestCheckStatement(t *testing.T) {
	ok := sdk.StatementDraft{Verb: sdk.VerbAnswered, Result: &sdk.Result{Score: &sdk.Score{Raw: 3, Min: 0, Max: 4, Scaled: 0.75}, Duration: "PT1M30S"}}
	if err := sdktest.CheckStatement(ok); err != nil {
		t.Errorf("a valid statement: %v", err)
	}
	for _, tc := range []struct {
		name  string
		draft sdk.StatementDraft
		want  string
	}{
		{"VerbNotIRI", sdk.StatementDraft{Verb: sdk.Verb{ID: "answered", Display: map[string]string{"en-US": "answered"}}}, `verb id "answered" is not an IRI`},
		{"NoDisplay", sdk.StatementDraft{Verb: sdk.Verb{ID: "http://adlnet.gov/expapi/verbs/answered"}}, "has no display"},
		{"BadLanguage", sdk.StatementDraft{Verb: sdk.Verb{ID: "http://a.example/v", Display: map[string]string{"en_US": "x"}}}, `"en_US" is not a language tag`},
		{"SuffixWithoutSlash", sdk.StatementDraft{Verb: sdk.VerbAnswered, Activity: &sdk.Activity{IDSuffix: "q1"}}, "must start with /"},
		{"BadInteraction", sdk.StatementDraft{Verb: sdk.VerbAnswered, Activity: &sdk.Activity{IDSuffix: "/q1", Definition: json.RawMessage(`{"interactionType":"multiple-choice"}`)}}, `interactionType "multiple-choice"`},
		{"ActivityTypeNotIRI", sdk.StatementDraft{Verb: sdk.VerbAnswered, Activity: &sdk.Activity{IDSuffix: "/q1", Definition: json.RawMessage(`{"type":"question"}`)}}, `activity type "question"`},
		{"ScaledOutOfRange", sdk.StatementDraft{Verb: sdk.VerbAnswered, Result: &sdk.Result{Score: &sdk.Score{Raw: 5, Max: 4, Scaled: 1.25}}}, "outside [-1, 1]"},
		{"RawAboveMax", sdk.StatementDraft{Verb: sdk.VerbAnswered, Result: &sdk.Result{Score: &sdk.Score{Raw: 5, Max: 4, Scaled: 1}}}, "raw 5 must be between"},
		{"BadDuration", sdk.StatementDraft{Verb: sdk.VerbAnswered, Result: &sdk.Result{Duration: "90s"}}, "not an ISO 8601 duration"},
		// Only the LRS's parser knows which interaction components go with
		// which interaction type: the draft is judged by it too.
		{"ComponentsForAnotherType", sdk.StatementDraft{Verb: sdk.VerbAnswered, Activity: &sdk.Activity{IDSuffix: "/q1", Definition: json.RawMessage(`{"interactionType":"true-false","choices":[{"id":"a","description":{"en":"A"}}]}`)}}, "as the LRS would record it: object.definition.choices"},
		{"ExtensionKeyNotIRI", sdk.StatementDraft{Verb: sdk.VerbAnswered, ContextExtensions: json.RawMessage(`{"session":"x"}`)}, `key "session" is not an IRI`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := sdktest.CheckStatement(tc.draft); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

func TestCheckFragment(t *testing.T) {
	for _, tc := range []struct{ name, html, want string }{
		{"Good", `<form method="post" action="?event=a" data-lode-event="a"><label for="x">X</label><input id="x" name="x"><label><input type="checkbox" name="y"> Y</label><input type="hidden" name="z"><img src="a.png" alt=""><button>Go</button></form>`, ""},
		{"Script", `<p>a</p><script>alert(1)</script>`, "<script> in the fragment"},
		{"Meta", `<meta http-equiv="refresh" content="0">`, "<meta> in the fragment"},
		{"Handler", `<button onclick="go()">Go</button>`, "inline event handlers"},
		{"Style", `<p style="color:red">a</p>`, "inline styles"},
		{"ForeignAction", `<form action="https://evil.example/"></form>`, "a form posts to its own page"},
		{"JavascriptURL", `<a href="javascript:go()">a</a>`, "javascript: URLs"},
		{"Unlabelled", `<input name="q">`, `<input name="q"> has no label`},
		{"NoAlt", `<img src="a.png">`, "has no alt attribute"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			sdktest.CheckFragment(r, tc.html)
			got := strings.Join(r.errs, "\n")
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("CheckFragment(%s):\n%s\nwant %q", tc.html, got, tc.want)
			}
		})
	}
}
