package sdktest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// Scenario is one learner's way through one object: a configuration and
// the events the learner sends, each with what must follow. RunScenario
// plays it against a content type the way the engine would: state carried
// from step to step, every view checked against the fragment rules
// (CheckFragment) and every statement against the rules of xAPI that a
// content type controls (CheckStatement).
//
//	sdktest.RunScenario(t, ct, sdktest.Scenario{
//		Config: sdktest.ReadConfig(t, "testdata/sample.yaml"),
//		Steps: []sdktest.Step{
//			{Name: "wrong choice", Event: sdktest.Form("answer", "choice", "9"), WantInvalid: "choose one of"},
//			{Name: "answer", Event: sdktest.Form("answer", "choice", "1"),
//				WantState: `{"choice": 1}`, WantResult: &sdk.Result{Completion: sdk.Bool(true), Response: "Study rooms"},
//				WantVerbs: []string{sdk.VerbAnswered.ID}},
//		},
//	})
type Scenario struct {
	Config json.RawMessage // the object's configuration, e.g. from ReadConfig
	Object sdk.Object      // ID, Title... of the object; Config above replaces its Config
	State  json.RawMessage // the learner's state before the first step; nil for a new learner
	Steps  []Step
}

// Step is one event and what it must produce. Zero Want fields are not
// checked.
type Step struct {
	Name  string
	Event sdk.Event
	// WantInvalid, when set, says the event must be refused with an
	// *sdk.InvalidError whose message contains it; the state is unchanged.
	WantInvalid string
	// WantState is the JSON the new state must equal (as values, so
	// spacing and key order do not matter).
	WantState string
	// WantResult is compared with the response's Result field by field.
	WantResult *sdk.Result
	// WantVerbs are the IRIs of the statements' verbs, in order; an empty,
	// non-nil slice means no statement.
	WantVerbs []string
	// WantFeedback is text the feedback must contain.
	WantFeedback string
	// Check is for anything else, such as the view's HTML.
	Check func(tb testing.TB, resp *sdk.HandleResponse)
}

// Form returns the event a data-lode-event="TYPE" form sends: its fields,
// given as name, value pairs, as a JSON object of name to list of values.
func Form(eventType string, nameValues ...string) sdk.Event {
	fields := map[string][]string{}
	for i := 0; i+1 < len(nameValues); i += 2 {
		fields[nameValues[i]] = append(fields[nameValues[i]], nameValues[i+1])
	}
	data, _ := json.Marshal(fields)
	return sdk.Event{Type: eventType, Data: data}
}

// RunScenario plays sc against ct, each step as a subtest of t named after
// it. A step that fails stops the scenario: the next depends on its state.
func RunScenario(t *testing.T, ct sdk.ContentType, sc Scenario) {
	t.Helper()
	obj := sc.Object
	if obj.ID == "" {
		obj.ID = "object"
	}
	if obj.ActivityID == "" {
		obj.ActivityID = "https://lode.example/activities/" + obj.ID
	}
	if sc.Config != nil {
		obj.Config = sc.Config
	}
	state := sc.State
	for i, step := range sc.Steps {
		name := step.Name
		if name == "" {
			name = step.Event.Type
		}
		ok := t.Run(name, func(t *testing.T) { state = runStep(t, ct, obj, state, step) })
		if !ok {
			t.Fatalf("step %d (%s) failed; the steps after it were not run", i+1, name)
		}
	}
}

// runStep applies one step and returns the state after it.
func runStep(t *testing.T, ct sdk.ContentType, obj sdk.Object, state json.RawMessage, step Step) json.RawMessage {
	t.Helper()
	resp, err := ct.Handle(t.Context(), &sdk.HandleRequest{Object: obj, State: state, Event: step.Event,
		Locale: "en-US", Registration: "00000000-0000-4000-8000-000000000001", Render: true})
	if step.WantInvalid != "" {
		if !sdk.IsInvalid(err) || !strings.Contains(err.Error(), step.WantInvalid) {
			t.Fatalf("event %s %s: err %v, want an *sdk.InvalidError saying %q", step.Event.Type, step.Event.Data, err, step.WantInvalid)
		}
		return state
	}
	if err != nil {
		t.Fatalf("event %s %s: %v", step.Event.Type, step.Event.Data, err)
	}
	checkStep(t, resp, step)
	for i, d := range resp.Statements {
		if err := CheckStatement(d); err != nil {
			t.Errorf("statement %d (%s): %v", i+1, d.Verb.ID, err)
		}
	}
	if resp.View != nil {
		CheckFragment(t, resp.View.HTML)
	}
	if step.Check != nil {
		step.Check(t, resp)
	}
	if resp.State != nil {
		return resp.State
	}
	return state
}

func checkStep(t *testing.T, resp *sdk.HandleResponse, step Step) {
	t.Helper()
	if got := contentState(resp.State); step.WantState != "" && !sameJSON(got, step.WantState) {
		t.Errorf("state %s, want %s", got, step.WantState)
	}
	if step.WantResult != nil && !reflect.DeepEqual(resp.Result, step.WantResult) {
		t.Errorf("result %s, want %s", jsonOf(resp.Result), jsonOf(step.WantResult))
	}
	if step.WantVerbs != nil {
		got := []string{}
		for _, d := range resp.Statements {
			got = append(got, d.Verb.ID)
		}
		if !reflect.DeepEqual(got, step.WantVerbs) {
			t.Errorf("statement verbs %v, want %v", got, step.WantVerbs)
		}
	}
	if step.WantFeedback != "" && !strings.Contains(resp.FeedbackHTML, step.WantFeedback) {
		t.Errorf("feedback %q does not say %q", resp.FeedbackHTML, step.WantFeedback)
	}
}

// contentState is the content type's own state within the envelope
// sdk/plugin stores it in from major version 2 on (see sdk.Upgrader), so
// that a scenario states what the content type returned.
func contentState(stored json.RawMessage) json.RawMessage {
	var e struct {
		Version int             `json:"lode_type_version"`
		State   json.RawMessage `json:"state"`
	}
	if json.Unmarshal(stored, &e) == nil && e.Version > 0 && e.State != nil {
		return e.State
	}
	return stored
}

func sameJSON(got json.RawMessage, want string) bool {
	var a, b any
	return json.Unmarshal(got, &a) == nil && json.Unmarshal([]byte(want), &b) == nil && reflect.DeepEqual(a, b)
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
