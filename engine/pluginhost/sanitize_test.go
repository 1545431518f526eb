package pluginhost

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/plugins/page"
	"github.com/lode-elearning/lode/plugins/quiz"
	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// TestSanitizeKeepsBuiltinHTML checks the allow-list against what the
// built-in content types render, before and after the learner answers
// every form: sanitizing must change none of it, or the engine would break
// its own content types; and each render follows the fragment rules the
// SDK checks for authors (sdktest.CheckFragment).
func TestSanitizeKeepsBuiltinHTML(t *testing.T) {
	for name, ct := range map[string]sdk.ContentType{
		"page": page.New(), "quiz": quiz.New(), "video": video.New(), "checklist": checklist.New(),
	} {
		t.Run(name, func(t *testing.T) {
			obj := sdk.Object{ID: "o1", ActivityID: "https://lode.test/o1", Title: "T", Language: "en-US",
				MediaBaseURL: "/modules/m/media/", Config: sdktest.ReadConfig(t, "../../plugins/"+name+"/testdata/sample.yaml")}
			var state json.RawMessage
			// Three rounds: answer every form, then the forms of the page
			// that follows (a quiz's review, its retry), and once more.
			for round := range 3 {
				r, err := ct.Render(t.Context(), &sdk.RenderRequest{Object: obj, State: state, Locale: "en-US", Registration: "r1"})
				if err != nil {
					t.Fatal(err)
				}
				checkUnchanged(t, fmt.Sprintf("render %d", round), r.HTML)
				sdktest.CheckFragment(t, r.HTML) // the rules docs/plugins.md gives authors hold for the built-ins too
				for _, ev := range formEvents(t, r.HTML) {
					resp, err := ct.Handle(t.Context(), &sdk.HandleRequest{Object: obj, State: state, Event: ev, Locale: "en-US", Registration: "r1"})
					if err != nil {
						t.Logf("event %s: %v", ev.Type, err) // a form this state does not accept
						continue
					}
					checkUnchanged(t, ev.Type+" feedback", resp.FeedbackHTML)
					if resp.State != nil {
						state = resp.State
					}
				}
			}
		})
	}
}

func checkUnchanged(t *testing.T, what, s string) {
	t.Helper()
	got, want := roundTrip(t, SanitizeFragment(s)), roundTrip(t, s)
	if got == want {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	t.Errorf("%s: sanitizing changed the HTML at byte %d\n got: %q\nwant: %q", what, i, got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// formEvents fills in every data-lode-event form as a learner might (first
// choice of each radio group, every checkbox, some text) and returns the
// events the engine's script would send.
func formEvents(t *testing.T, fragment string) []sdk.Event {
	var events []sdk.Event
	doc := sdktest.ParseHTML(t, fragment)
	for _, form := range sdktest.FindAll(doc, "form") {
		if !sdktest.HasAttr(form, "data-lode-event") {
			continue
		}
		fields := map[string][]string{}
		sdktest.Walk(form, func(n *html.Node) {
			name := sdktest.Attr(n, "name")
			switch {
			case name == "":
			case n.Data == "textarea":
				fields[name] = []string{"A thought."}
			case n.Data == "input" && sdktest.Attr(n, "type") == "radio" && len(fields[name]) > 0:
			case n.Data == "input":
				fields[name] = append(fields[name], sdktest.Attr(n, "value"))
			}
		})
		data, _ := json.Marshal(fields)
		events = append(events, sdk.Event{Type: sdktest.Attr(form, "data-lode-event"), Data: data})
	}
	return events
}

func TestSanitizeFragment(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"KeepsText", `<p>Say "hi" & <b>wave</b></p>`, `<p>Say "hi" &amp; <b>wave</b></p>`},
		{"DropsStrayEndTags", `<p>a</p></div></section><p>b</p>`, `<p>a</p><p>b</p>`},
		{"ClosesWhatItOpens", `<div><p>a`, `<div><p>a</p></div>`},
		{"DropsScriptAndStyle", `<script>alert(1)</script><style>p{}</style><p>a</p>`, `<p>a</p>`},
		{"DropsMeta", `<meta http-equiv="refresh" content="0;url=https://evil.example/">x`, `x`},
		{"DropsHandlersAndStyleAttrs", `<img src="a.png" alt="A" onerror="x()" style="position:fixed">`, `<img src="a.png" alt="A">`},
		{"KeepsPageForm", `<form method="post" action="?event=save" data-lode-event="save"></form>`, `<form method="post" action="?event=save" data-lode-event="save"></form>`},
		{"DropsForeignFormAction", `<form action="https://evil.example/" method="post"></form>`, `<form method="post"></form>`},
		{"DropsJavascriptLinks", `<a href="javascript:alert(1)">x</a><a href="https://a.example/">y</a>`, `<a>x</a><a href="https://a.example/">y</a>`},
		{"KeepsLabelledControls", `<label for="n">Name</label><input id="n" name="n" required aria-describedby="h">`, `<label for="n">Name</label><input id="n" name="n" required="" aria-describedby="h">`},
		{"DropsEngineLodeAttrs", `<div data-lode-object="other" data-lode-module="ce-quiz" data-lode-embed-resume="x"><form data-lode-event="submit" data-lode-autosave=""></form></div>`,
			`<div><form data-lode-event="submit" data-lode-autosave=""></form></div>`},
		{"DropsIframes", `<iframe src="https://evil.example/"></iframe>ok`, `ok`},
		{"Empty", ``, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SanitizeFragment(tc.in); got != tc.want {
				t.Errorf("SanitizeFragment(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// roundTrip is s parsed as the content of a <div> and written out again
// by html.Render, to compare two fragments' trees whatever their spelling.
func roundTrip(t *testing.T, s string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range nodes {
		if err := html.Render(&b, n); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}
