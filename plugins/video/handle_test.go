package video_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

const (
	extTime           = "https://w3id.org/xapi/video/extensions/time"
	extTimeFrom       = "https://w3id.org/xapi/video/extensions/time-from"
	extTimeTo         = "https://w3id.org/xapi/video/extensions/time-to"
	extProgress       = "https://w3id.org/xapi/video/extensions/progress"
	extPlayedSegments = "https://w3id.org/xapi/video/extensions/played-segments"
	extSessionID      = "https://w3id.org/xapi/video/extensions/session-id"
	extLength         = "https://w3id.org/xapi/video/extensions/length"
	extThreshold      = "https://w3id.org/xapi/video/extensions/completion-threshold"
)

// testConfig is a 100 s video (a round length makes progress easy to read)
// with the default threshold of 0.9.
const testConfig = `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"en"}],"length":100}`

func ev(typ, data string) sdk.Event { return sdk.Event{Type: typ, Data: json.RawMessage(data)} }

// stmt is an expected statement: its verb and result extensions.
type stmt struct {
	verb       sdk.Verb
	ext        map[string]any
	completion bool
}

func TestHandle(t *testing.T) {
	tests := []struct {
		name, state string
		event       sdk.Event
		wantState   string
		want        []stmt
	}{
		{name: "played", event: ev("played", `{"time":0,"segments":[],"length":100}`),
			wantState: `{"segments":null,"position":0,"progress":0}`,
			want:      []stmt{{verb: sdk.VerbPlayed, ext: map[string]any{extTime: 0.0}}}},
		{name: "paused after watching", event: ev("paused", `{"time":40,"segments":[[0,40]]}`),
			wantState: `{"segments":[[0,40]],"position":40,"progress":0.4}`,
			want:      []stmt{{verb: sdk.VerbPaused, ext: map[string]any{extTime: 40.0, extProgress: 0.4, extPlayedSegments: "0[.]40"}}}},
		{name: "seeking does not count as watching", event: ev("seeked", `{"from":0,"to":95}`),
			wantState: `{"segments":null,"position":95,"progress":0}`,
			want:      []stmt{{verb: sdk.VerbSeeked, ext: map[string]any{extTimeFrom: 0.0, extTimeTo: 95.0}}}},
		{name: "rewatching adds nothing", state: `{"segments":[[0,40]],"position":40,"progress":0.4}`,
			event:     ev("paused", `{"time":40,"segments":[[0,40],[10,20]]}`),
			wantState: `{"segments":[[0,40]],"position":40,"progress":0.4}`,
			want:      []stmt{{verb: sdk.VerbPaused, ext: map[string]any{extTime: 40.0, extProgress: 0.4, extPlayedSegments: "0[.]40"}}}},
		{name: "overlapping segments merged", event: ev("paused", `{"time":30.5,"segments":[[20,30.5],[0,10],[5,12.25]]}`),
			wantState: `{"segments":[[0,12.25],[20,30.5]],"position":30.5,"progress":0.228}`,
			want:      []stmt{{verb: sdk.VerbPaused, ext: map[string]any{extTime: 30.5, extProgress: 0.228, extPlayedSegments: "0[.]12.25[,]20[.]30.5"}}}},
		{name: "progress records no statement", event: ev("progress", `{"time":15,"segments":[[0,15]]}`),
			wantState: `{"segments":[[0,15]],"position":15,"progress":0.15}`},
		{name: "ended under the threshold records nothing", event: ev("ended", `{"time":100,"segments":[[50,100]]}`),
			wantState: `{"segments":[[50,100]],"position":100,"progress":0.5}`},
		{name: "past the end is clamped", event: ev("progress", `{"time":130,"segments":[[90,130]]}`),
			wantState: `{"segments":[[90,100]],"position":100,"progress":0.1}`},
		{name: "progress completes", state: `{"segments":[[0,80]],"position":80,"progress":0.8}`,
			event:     ev("progress", `{"time":95,"segments":[[0,95]]}`),
			wantState: `{"segments":[[0,95]],"position":95,"progress":0.95,"completed":true}`,
			want: []stmt{{verb: sdk.VerbCompleted, completion: true,
				ext: map[string]any{extTime: 95.0, extProgress: 0.95, extPlayedSegments: "0[.]95"}}}},
		{name: "paused completes: paused then completed", event: ev("paused", `{"time":90,"segments":[[0,90]]}`),
			wantState: `{"segments":[[0,90]],"position":90,"progress":0.9,"completed":true}`,
			want: []stmt{
				{verb: sdk.VerbPaused, ext: map[string]any{extTime: 90.0, extProgress: 0.9, extPlayedSegments: "0[.]90"}},
				{verb: sdk.VerbCompleted, completion: true, ext: map[string]any{extTime: 90.0, extProgress: 0.9, extPlayedSegments: "0[.]90"}}}},
		{name: "completed only once", state: `{"segments":[[0,90]],"position":90,"progress":0.9,"completed":true}`,
			event:     ev("ended", `{"time":100,"segments":[[90,100]]}`),
			wantState: `{"segments":[[0,100]],"position":100,"progress":1,"completed":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustHandle(t, testConfig, tt.state, tt.event)
			if string(res.State) != tt.wantState {
				t.Errorf("state = %s\nwant    %s", res.State, tt.wantState)
			}
			assertStatements(t, res.Statements, tt.want)
			completes := slices.ContainsFunc(tt.want, func(s stmt) bool { return s.completion })
			if gotDone := res.Result != nil && res.Result.Completion != nil && *res.Result.Completion; gotDone != completes {
				t.Errorf("result completion = %v, want %v", gotDone, completes)
			}
			if (res.FeedbackHTML != "") != completes {
				t.Errorf("feedback %q: only completion should be announced", res.FeedbackHTML)
			}
		})
	}
}

func assertStatements(t *testing.T, got []sdk.StatementDraft, want []stmt) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d statements, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Verb.ID != w.verb.ID {
			t.Errorf("statement %d verb = %s, want %s", i, g.Verb.ID, w.verb.ID)
		}
		if g.Result == nil {
			t.Fatalf("statement %d has no result", i)
		}
		var ext map[string]any
		if err := json.Unmarshal(g.Result.Extensions, &ext); err != nil || !reflect.DeepEqual(ext, w.ext) {
			t.Errorf("statement %d result extensions = %s, want %v", i, g.Result.Extensions, w.ext)
		}
		if done := g.Result.Completion != nil && *g.Result.Completion; done != w.completion {
			t.Errorf("statement %d completion = %v, want %v", i, done, w.completion)
		}
		var ctx map[string]any
		_ = json.Unmarshal(g.ContextExtensions, &ctx)
		wantCtx := map[string]any{extSessionID: "sess-1", extLength: 100.0, extThreshold: 0.9}
		if !reflect.DeepEqual(ctx, wantCtx) {
			t.Errorf("statement %d context extensions = %s, want %v", i, g.ContextExtensions, wantCtx)
		}
	}
}

func TestHandleRejects(t *testing.T) {
	tests := []struct {
		name  string
		event sdk.Event
	}{
		{"unknown event", ev("completed", `{"time":1}`)},
		{"empty event type", sdk.Event{}},
		{"data not an object", ev("paused", `[1,2]`)},
		{"NaN as null", ev("paused", `{"time":null}`)},
		{"NaN as text", ev("paused", `{"time":"NaN"}`)},
		{"missing time", ev("played", `{}`)},
		{"no data", sdk.Event{Type: "paused"}},
		{"seek without to", ev("seeked", `{"from":1}`)},
		{"negative time", ev("paused", `{"time":-1}`)},
		{"absurd time", ev("paused", `{"time":1e9}`)},
		{"overflowing number", ev("paused", `{"time":1e999}`)},
		{"negative segment", ev("paused", `{"time":1,"segments":[[-5,1]]}`)},
		{"reversed segment", ev("paused", `{"time":1,"segments":[[10,5]]}`)},
		{"segment of three", ev("paused", `{"time":1,"segments":[[1,2,3]]}`)},
		{"segment as text", ev("paused", `{"time":1,"segments":"0[.]5"}`)},
		{"absurd segment", ev("paused", `{"time":1,"segments":[[0,1e12]]}`)},
		{"too many segments", ev("progress", `{"time":1,"segments":[`+strings.Repeat(`[0,1],`, 1000)+`[0,1]]}`)},
		{"negative length", ev("paused", `{"time":1,"length":-3}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := video.New().Handle(context.Background(), &sdk.HandleRequest{
				Object: sdk.Object{ID: "v", Config: json.RawMessage(testConfig)}, Event: tt.event,
			})
			if !sdk.IsInvalid(err) {
				t.Fatalf("err = %v, want an invalid-input error", err)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error echoes too much input: %d bytes", len(err.Error()))
			}
		})
	}
}

func TestHandleLengthFromClient(t *testing.T) {
	cfg := `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"en"}],"completion_threshold":0.5}`
	_, err := video.New().Handle(context.Background(), &sdk.HandleRequest{
		Object: sdk.Object{ID: "v", Config: json.RawMessage(cfg)}, Event: ev("played", `{"time":0}`),
	})
	if !sdk.IsInvalid(err) {
		t.Errorf("without any length: err = %v, want invalid", err)
	}
	res := mustHandle(t, cfg, "", ev("played", `{"time":0,"length":6.008}`))
	if !strings.Contains(string(res.State), `"length":6.008`) {
		t.Fatalf("state %s does not keep the reported length", res.State)
	}
	// A later, different length is ignored: the first one measured progress.
	res = mustHandle(t, cfg, string(res.State), ev("paused", `{"time":3,"segments":[[0,3.004]],"length":1}`))
	if want := `{"segments":[[0,3.004]],"position":3,"length":6.008,"progress":0.5,"completed":true}`; string(res.State) != want {
		t.Errorf("state = %s, want %s", res.State, want)
	}
}

// TestHandleWatchSession plays a whole session event by event and checks
// that completion is recorded once, by the event that crosses the threshold.
func TestHandleWatchSession(t *testing.T) {
	events := []sdk.Event{
		ev("played", `{"time":0,"segments":[]}`),
		ev("progress", `{"time":15,"segments":[[0,15]]}`),
		ev("seeked", `{"from":15,"to":80,"segments":[[0,15]]}`),
		ev("ended", `{"time":100,"segments":[[0,15],[80,100]]}`),
		ev("seeked", `{"from":100,"to":15,"segments":[[0,15],[80,100]]}`),
		ev("played", `{"time":15,"segments":[[0,15],[80,100]]}`),
		ev("progress", `{"time":65,"segments":[[0,15],[80,100],[15,65]]}`), // 85%
		ev("paused", `{"time":75,"segments":[[0,15],[80,100],[15,75]]}`),
		ev("played", `{"time":75,"segments":[[0,15],[80,100],[15,75]]}`),
		ev("paused", `{"time":80,"segments":[[0,15],[80,100],[15,80]]}`),
	}
	var state string
	var verbs []string
	for i, e := range events {
		res := mustHandle(t, testConfig, state, e)
		state = string(res.State)
		for _, s := range res.Statements {
			verbs = append(verbs, fmt.Sprintf("%d:%s", i, s.Verb.Display["en-US"]))
		}
	}
	want := []string{"0:played", "2:seeked", "4:seeked", "5:played", "7:paused", "7:completed", "8:played", "9:paused"}
	if !slices.Equal(verbs, want) {
		t.Errorf("statements = %v\nwant         %v", verbs, want)
	}
	if !strings.Contains(state, `"segments":[[0,100]]`) || !strings.Contains(state, `"progress":1`) {
		t.Errorf("final state = %s", state)
	}
}

func mustHandle(t *testing.T, config, state string, e sdk.Event) *sdk.HandleResponse {
	t.Helper()
	res, err := video.New().Handle(context.Background(), &sdk.HandleRequest{
		Object: sdk.Object{ID: "v", Config: json.RawMessage(config)}, State: sdktest.RawJSON(state), Event: e, SessionID: "sess-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
