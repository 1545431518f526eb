package checklist_test

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// testConfig has two required items, one optional and a required note of
// at most 20 characters.
const testConfig = `{"items":[{"id":"a","text":"A"},{"id":"b","text":"B"},{"id":"c","text":"C","required":false}],
 "reflection":{"prompt":"Why?","required":true,"max_length":20}}`

func save(items []string, note ...string) sdk.Event {
	data, _ := json.Marshal(map[string][]string{"items": items, "note": note})
	return sdk.Event{Type: "save", Data: data}
}

func TestHandle(t *testing.T) {
	tests := []struct {
		name, config, state string
		event               sdk.Event
		wantState           string
		completes           bool // a completed statement and result
	}{
		{name: "first tick", event: save([]string{"a"}), wantState: `{"checked":["a"]}`},
		{name: "nothing ticked", event: sdk.Event{Type: "save"}, wantState: `{"checked":[]}`},
		{name: "order and duplicates normalized", event: save([]string{"c", "b", "a", "b"}), wantState: `{"checked":["a","b","c"]}`},
		{name: "required items but no note", event: save([]string{"a", "b"}), wantState: `{"checked":["a","b"]}`},
		{name: "blank note does not count", event: save([]string{"a", "b"}, " \n\t"), wantState: `{"checked":["a","b"]}`},
		{name: "completes", event: save([]string{"a", "b"}, "Busy desk."),
			wantState: `{"checked":["a","b"],"note":"Busy desk.","completed":true}`, completes: true},
		{name: "optional item not needed", event: save([]string{"b", "a"}, "x"),
			wantState: `{"checked":["a","b"],"note":"x","completed":true}`, completes: true},
		{name: "saving again after completion", state: `{"checked":["a","b"],"note":"x","completed":true}`,
			event: save([]string{"a", "b", "c"}, "y"), wantState: `{"checked":["a","b","c"],"note":"y","completed":true}`},
		{name: "unticking keeps completion", state: `{"checked":["a","b"],"note":"x","completed":true}`,
			event: save(nil), wantState: `{"checked":[],"completed":true}`},
		{name: "note at the limit, CRLF as one", event: save([]string{"a"}, "12345678\r\n1234567890"),
			wantState: `{"checked":["a"],"note":"12345678\n1234567890"}`},
		{name: "note counted in characters", event: save(nil, strings.Repeat("é", 20)),
			wantState: `{"checked":[],"note":"` + strings.Repeat("é", 20) + `"}`},
		{name: "control characters dropped", event: save(nil, "a\x00b\x1bc"), wantState: `{"checked":[],"note":"abc"}`},
		{name: "script in note kept as text", event: save(nil, "<script>x</script>"),
			wantState: `{"checked":[],"note":"\u003cscript\u003ex\u003c/script\u003e"}`},
		{name: "nothing required completes on first save", config: `{"items":[{"id":"a","text":"A","required":false}]}`,
			event: save(nil), wantState: `{"checked":[],"completed":true}`, completes: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustHandle(t, cmp.Or(tt.config, testConfig), tt.state, tt.event)
			if string(res.State) != tt.wantState {
				t.Errorf("state = %s\nwant    %s", res.State, tt.wantState)
			}
			if !tt.completes {
				if len(res.Statements) != 0 || res.Result != nil {
					t.Errorf("want no statements and no result change, got %+v, %+v", res.Statements, res.Result)
				}
				return
			}
			if len(res.Statements) != 1 || res.Statements[0].Verb.ID != sdk.VerbCompleted.ID {
				t.Fatalf("want exactly one completed statement, got %+v", res.Statements)
			}
			r := res.Statements[0].Result
			if r == nil || r.Completion == nil || !*r.Completion || res.Result == nil || !*res.Result.Completion {
				t.Errorf("completed statement and result need completion true")
			}
			var st struct{ Note string }
			_ = json.Unmarshal(res.State, &st)
			if r.Response != st.Note {
				t.Errorf("response = %q, want the note %q", r.Response, st.Note)
			}
		})
	}
}

func TestHandleRejects(t *testing.T) {
	noNote := `{"items":[{"id":"a","text":"A"}]}`
	tests := []struct {
		name, config string
		event        sdk.Event
	}{
		{"unknown item", testConfig, save([]string{"a", "zzz"})},
		{"item id with markup", testConfig, save([]string{`"><script>`})},
		{"note over the limit", testConfig, save(nil, strings.Repeat("x", 21))},
		{"huge note", testConfig, save(nil, strings.Repeat("x", 1<<20))},
		{"two notes", testConfig, save(nil, "one", "two")},
		{"note where none is asked", noNote, save([]string{"a"}, "hello")},
		{"data not an object", testConfig, sdk.Event{Type: "save", Data: json.RawMessage(`[1,2]`)}},
		{"values not strings", testConfig, sdk.Event{Type: "save", Data: json.RawMessage(`{"items":[1]}`)}},
		{"wrong event", testConfig, sdk.Event{Type: "complete"}},
		{"empty event", testConfig, sdk.Event{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checklist.New().Handle(context.Background(), &sdk.HandleRequest{
				Object: sdk.Object{ID: "cl", Config: json.RawMessage(tt.config)}, Event: tt.event,
			})
			if !sdk.IsInvalid(err) {
				t.Fatalf("err = %v, want an invalid-input error", err)
			}
			if len(err.Error()) > 200 {
				t.Errorf("error echoes too much input: %d bytes", len(err.Error()))
			}
		})
	}
}

func TestHandleTruncatesResponse(t *testing.T) {
	cfg := `{"items":[{"id":"a","text":"A"}],"reflection":{"prompt":"P","required":true}}`
	note := strings.Repeat("word ", 400) // 2000 characters, the default limit
	res := mustHandle(t, cfg, "", save([]string{"a"}, note))
	resp := res.Statements[0].Result.Response
	if n := utf8.RuneCountInString(resp); n > 500 || n < 400 || !strings.HasSuffix(resp, "word…") {
		t.Errorf("response has %d characters and ends %q; want at most 500, cut at a word", n, resp[len(resp)-10:])
	}
	var st struct{ Note string }
	_ = json.Unmarshal(res.State, &st)
	if st.Note != note {
		t.Errorf("the stored note must be kept in full")
	}
}

func TestHandleCompletesOnce(t *testing.T) {
	var state string
	var verbs []string
	for _, ev := range []sdk.Event{save([]string{"a"}), save([]string{"a", "b"}, "done"), save([]string{"a"}, "done"), save([]string{"a", "b"}, "done")} {
		res := mustHandle(t, testConfig, state, ev)
		state = string(res.State)
		for _, s := range res.Statements {
			verbs = append(verbs, s.Verb.ID)
		}
	}
	if !slices.Equal(verbs, []string{sdk.VerbCompleted.ID}) {
		t.Errorf("statements over four saves = %v, want one completed", verbs)
	}
}

func mustHandle(t *testing.T, config, state string, ev sdk.Event) *sdk.HandleResponse {
	t.Helper()
	res, err := checklist.New().Handle(context.Background(), &sdk.HandleRequest{
		Object: sdk.Object{ID: "cl", Config: json.RawMessage(config)}, State: sdktest.RawJSON(state), Event: ev,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
