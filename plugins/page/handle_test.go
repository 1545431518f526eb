package page_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/lode-elearning/lode/plugins/page"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

func TestHandle(t *testing.T) {
	tests := []struct {
		name      string
		state     string
		event     sdk.Event
		wantState string
		wantVerbs []string
		completes bool
		invalid   bool
		fails     bool
	}{
		{name: "first complete", event: sdk.Event{Type: "complete"}, wantState: `{"completed":true}`,
			wantVerbs: []string{sdk.VerbExperienced.ID, sdk.VerbCompleted.ID}, completes: true},
		{name: "complete with form data", state: `null`, event: sdk.Event{Type: "complete", Data: json.RawMessage(`{"x":["1"]}`)},
			wantState: `{"completed":true}`, wantVerbs: []string{sdk.VerbExperienced.ID, sdk.VerbCompleted.ID}, completes: true},
		{name: "repeat is idempotent", state: `{"completed":true}`, event: sdk.Event{Type: "complete"}, wantState: `{"completed":true}`},
		{name: "unknown event", event: sdk.Event{Type: "submit"}, invalid: true},
		{name: "empty event type", event: sdk.Event{}, invalid: true},
		{name: "script as event type", event: sdk.Event{Type: "<script>"}, invalid: true},
		{name: "corrupt stored state", state: `{"completed":"yes"}`, event: sdk.Event{Type: "complete"}, fails: true},
	}
	ct := page.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ct.Handle(context.Background(), &sdk.HandleRequest{
				Object: sdk.Object{ID: "read1", Config: json.RawMessage(`{"body":"Hi"}`)},
				State:  sdktest.RawJSON(tt.state), Event: tt.event, SessionID: "s1",
			})
			switch {
			case tt.invalid || tt.fails:
				if err == nil || sdk.IsInvalid(err) != tt.invalid {
					t.Fatalf("err = %v, want invalid=%v", err, tt.invalid)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if string(res.State) != tt.wantState {
				t.Errorf("state = %s, want %s", res.State, tt.wantState)
			}
			var verbs []string
			for _, s := range res.Statements {
				verbs = append(verbs, s.Verb.ID)
			}
			if !slices.Equal(verbs, tt.wantVerbs) {
				t.Errorf("verbs = %v, want %v", verbs, tt.wantVerbs)
			}
			if tt.completes {
				if res.Result == nil || res.Result.Completion == nil || !*res.Result.Completion {
					t.Errorf("result = %+v, want completion", res.Result)
				}
				last := res.Statements[len(res.Statements)-1]
				if last.Result == nil || last.Result.Completion == nil || !*last.Result.Completion {
					t.Errorf("completed statement lacks result.completion")
				}
			} else if res.Result != nil {
				t.Errorf("repeat changed the result: %+v", res.Result)
			}
		})
	}
}

func TestHandleSpanish(t *testing.T) {
	res, err := page.New().Handle(context.Background(), &sdk.HandleRequest{Event: sdk.Event{Type: "complete"}, Locale: "es-US"})
	if err != nil {
		t.Fatal(err)
	}
	if res.FeedbackHTML != "Página marcada como leída." {
		t.Errorf("feedback %q", res.FeedbackHTML)
	}
}
