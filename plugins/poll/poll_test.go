package poll_test

import (
	"os"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"

	"github.com/lode-elearning/lode/plugins/poll"
)

// plugin is the real binary, built once for all the tests here.
var plugin = &sdktest.Plugin{Pkg: "./cmd/lode-content-poll"}

func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, plugin)) }

// Each test runs twice, through sdktest.Both: in this process (fast, over
// gRPC as Lode calls it) and against the built binary.

func TestDescribe(t *testing.T) {
	sdktest.Both(t, poll.New(), plugin, func(t *testing.T, ct sdk.ContentType) {
		if d := sdktest.CheckDescription(t, ct); d.Name != "poll" {
			t.Errorf("name %q", d.Name)
		}
	})
}

func TestValidate(t *testing.T) {
	sdktest.Both(t, poll.New(), plugin, func(t *testing.T, ct sdk.ContentType) {
		sdktest.CheckValidate(t, ct, string(sdktest.ReadConfig(t, "testdata/sample.yaml")), nil)
		sdktest.CheckValidate(t, ct, `{"question": "Which?", "choice": ["a", "b"]}`, map[string]string{
			"/choice":  `did you mean "choices"?`,
			"/choices": `"choices" is required`,
		})
	})
}

func TestRender(t *testing.T) {
	sdktest.Both(t, poll.New(), plugin, func(t *testing.T, ct sdk.ContentType) {
		obj := sdk.Object{ID: "first", Title: "Poll", Config: sdktest.ReadConfig(t, "testdata/sample.yaml")}
		page, err := ct.Render(t.Context(), &sdk.RenderRequest{Object: obj})
		if err != nil {
			t.Fatal(err)
		}
		sdktest.CheckFragment(t, page.HTML) // what Lode keeps, labels, alt text
		if n := len(sdktest.FindAll(sdktest.ParseHTML(t, page.HTML), "input")); n != 3 {
			t.Errorf("%d inputs, want one radio button per option", n)
		}
	})
}

// A learner answers wrongly (a crafted request), then answers, then
// changes their mind.
var answering = sdktest.Scenario{
	Object: sdk.Object{ID: "first", Title: "Poll"},
	Steps: []sdktest.Step{
		{Name: "NoSuchOption", Event: sdktest.Form("answer", "choice", "7"), WantInvalid: "choose one of the 3 choices"},
		{Name: "Answer", Event: sdktest.Form("answer", "choice", "1"), WantState: `{"picked": 1}`,
			WantResult: &sdk.Result{Completion: sdk.Bool(true), Response: "Study rooms"},
			WantVerbs:  []string{sdk.VerbAnswered.ID}, WantFeedback: "saved",
			Check: func(tb testing.TB, resp *sdk.HandleResponse) {
				status := sdktest.ByID(sdktest.ParseHTML(tb, resp.View.HTML), "first-answer")
				if got := sdktest.Text(status); got != "Your answer: Study rooms" {
					tb.Errorf("status after answering: %q", got)
				}
			}},
		{Name: "ChangeAnswer", Event: sdktest.Form("answer", "choice", "2"), WantState: `{"picked": 2}`,
			WantResult: &sdk.Result{Completion: sdk.Bool(true), Response: "Events and talks"}},
	},
}

func TestAnswer(t *testing.T) {
	sdktest.Both(t, poll.New(), plugin, func(t *testing.T, ct sdk.ContentType) {
		sc := answering
		sc.Config = sdktest.ReadConfig(t, "testdata/sample.yaml")
		sdktest.RunScenario(t, ct, sc)
	})
}
