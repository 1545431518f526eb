package quiz

import (
	"cmp"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
	"golang.org/x/net/html"
)

// MustSampleConfig returns testdata/sample.yaml as the JSON the engine
// would pass, with edit applied to its decoded form first if not nil.
func MustSampleConfig(tb testing.TB, edit func(cfg map[string]any)) json.RawMessage {
	tb.Helper()
	raw := sdktest.ReadConfig(tb, "testdata/sample.yaml")
	if edit == nil {
		return raw
	}
	var cfg map[string]any
	if err := json.Unmarshal(raw, &cfg); err != nil {
		tb.Fatal(err)
	}
	edit(cfg)
	raw, err := json.Marshal(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// sampleQuestion returns question i of a decoded sample config, for edits.
func sampleQuestion(cfg map[string]any, i int) map[string]any {
	return cfg["questions"].([]any)[i].(map[string]any)
}

// testLearner drives the quiz the way the engine does: it keeps the state
// Handle returns and passes it to the next Render or Handle.
type testLearner struct {
	tb    testing.TB
	quiz  sdk.ContentType
	obj   sdk.Object
	state json.RawMessage
	reg   string // the learner's registration, as the engine passes it
	// locale is the requests' Locale: the module's language; en-US if "".
	locale string
}

func newTestLearner(tb testing.TB, cfg json.RawMessage) *testLearner {
	return &testLearner{tb: tb, quiz: New(), obj: sdk.Object{
		ID:           "quiz-1",
		ActivityID:   "https://lode.example/activities/ce-101/quiz-1",
		Title:        "Check your understanding",
		Config:       cfg,
		MediaBaseURL: "https://lode.example/media/ce-101/",
	}, reg: "0b8a7f44-6a38-4c5e-9d0a-2f7a1c3e9b10"}
}

// handle sends one event; on success the learner keeps the new state.
func (l *testLearner) handle(typ string, data json.RawMessage) (*sdk.HandleResponse, error) {
	resp, err := l.quiz.Handle(context.Background(), &sdk.HandleRequest{
		Object:       l.obj,
		State:        l.state,
		Event:        sdk.Event{Type: typ, Data: data},
		Locale:       cmp.Or(l.locale, "en-US"),
		Registration: l.reg,
	})
	if err == nil {
		l.state = resp.State
	}
	return resp, err
}

// mustSubmit submits fields and fails the test on an error.
func (l *testLearner) mustSubmit(fields map[string][]string) *sdk.HandleResponse {
	l.tb.Helper()
	data, err := json.Marshal(fields)
	if err != nil {
		l.tb.Fatal(err)
	}
	resp, err := l.handle(eventSubmit, data)
	if err != nil {
		l.tb.Fatalf("submit %v: %v", fields, err)
	}
	return resp
}

func (l *testLearner) mustRetry() *sdk.HandleResponse {
	l.tb.Helper()
	resp, err := l.handle(eventRetry, nil)
	if err != nil {
		l.tb.Fatalf("retry: %v", err)
	}
	return resp
}

// mustRender renders the learner's view and returns the raw HTML and its
// parsed tree.
func (l *testLearner) mustRender() (string, *html.Node) {
	l.tb.Helper()
	resp, err := l.quiz.Render(context.Background(), &sdk.RenderRequest{Object: l.obj, State: l.state, Locale: cmp.Or(l.locale, "en-US"), Registration: l.reg})
	if err != nil {
		l.tb.Fatalf("render: %v", err)
	}
	if resp.ClientState != nil {
		l.tb.Errorf("ClientState = %s, want none: it would be readable in the page", resp.ClientState)
	}
	return resp.HTML, sdktest.ParseHTML(l.tb, resp.HTML)
}

// byClass returns the elements under n carrying class.
func byClass(n *html.Node, class string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && hasClass(d, class) {
			out = append(out, d)
		}
	}
	return out
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(sdktest.Attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// texts maps FindAll or byClass results to their text.
func texts(nodes []*html.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, sdktest.Text(n))
	}
	return out
}
