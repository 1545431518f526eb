package quiz_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/plugins/quiz"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// quizPlugin is the quiz's plugin binary, built once for every test here.
var quizPlugin = &sdktest.Plugin{Pkg: "./cmd/lode-content-quiz"}

func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, quizPlugin)) }

// TestOverTheWire drives the quiz as the engine does, through the SDK's
// gRPC layer: in process, and as the built plugin binary.
func TestOverTheWire(t *testing.T) {
	t.Run("InProcess", func(t *testing.T) {
		exercise(t, sdktest.InProcess(t, quiz.New()))
	})
	t.Run("Process", func(t *testing.T) {
		exercise(t, sdktest.Process(t, quizPlugin.Path(t)))
	})
}

func exercise(t *testing.T, ct sdk.ContentType) {
	ctx := context.Background()
	cfg := sdktest.ReadConfig(t, "testdata/sample.yaml")
	d, err := ct.Describe(ctx)
	if err != nil || d.Name != "quiz" || !json.Valid(d.ConfigSchema) {
		t.Fatalf("Describe = %+v, %v", d, err)
	}
	v, err := ct.Validate(ctx, &sdk.ValidateRequest{Config: json.RawMessage(`{"pasing_score": 1}`)})
	if err != nil || len(v.Problems) != 2 || v.Problems[1].Pointer != "/pasing_score" {
		t.Errorf("Validate = %+v, %v; want /questions and /pasing_score", v, err)
	}
	obj := sdk.Object{ID: "quiz-1", ActivityID: "https://lode.example/a/quiz-1", Config: cfg}
	_, err = ct.Handle(ctx, &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "submit", Data: json.RawMessage(`{"q1": ["nope"]}`)}})
	if !sdk.IsInvalid(err) {
		t.Errorf("submit of an unknown choice = %v, want an InvalidError", err)
	}
	resp, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "submit",
		Data: json.RawMessage(`{"q1": ["a"], "q2": ["a", "c"], "q3": ["false"], "q4": ["ILL"], "q5": ["lcc"]}`)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Statements) != 7 || resp.Result.Score.Raw != 4 || !*resp.Result.Success {
		t.Errorf("%d statements, result %+v; want 7 and 4 points, passed", len(resp.Statements), resp.Result)
	}
	r, err := ct.Render(ctx, &sdk.RenderRequest{Object: obj, State: resp.State})
	if err != nil || !strings.Contains(r.HTML, "You scored 4 of 5 (80%).") {
		t.Errorf("Render = %v; want the score", err)
	}
}

// TestOnePerScreenAsAProcess pages through a one-per-screen quiz with the
// built plugin, as the engine does: the state Handle returns goes into the
// next call, and the new screen comes back in the same call.
func TestOnePerScreenAsAProcess(t *testing.T) {
	ct := sdktest.Process(t, quizPlugin.Path(t))
	ctx := context.Background()
	cfg := sdktest.ReadConfig(t, "testdata/sample.yaml")
	var c map[string]any
	if err := json.Unmarshal(cfg, &c); err != nil {
		t.Fatal(err)
	}
	c["layout"] = "one_per_screen"
	cfg, _ = json.Marshal(c)
	if v, err := ct.Validate(ctx, &sdk.ValidateRequest{Config: cfg}); err != nil || len(v.Problems) > 0 {
		t.Fatalf("Validate = %+v, %v", v, err)
	}
	obj := sdk.Object{ID: "quiz-1", ActivityID: "https://lode.example/a/quiz-1", Config: cfg}
	var state json.RawMessage
	answers := []string{`"q1": ["a"]`, `"q2": ["a", "c"]`, `"q3": ["false"]`, `"q4": ["ILL"]`, `"q5": ["ddc"]`}
	for i, a := range answers {
		to := "next"
		if i == len(answers)-1 {
			to = "submit"
		}
		resp, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, State: state, Render: true,
			Event: sdk.Event{Type: "answer", Data: json.RawMessage(`{"quiz.go": ["` + to + `"], ` + a + `}`)}})
		if err != nil {
			t.Fatalf("screen %d: %v", i+1, err)
		}
		state = resp.State
		want := fmt.Sprintf("Question %d of 5:", i+2)
		if to == "submit" {
			want = "You scored 5 of 5 (100%)."
		}
		if resp.View == nil || !strings.Contains(resp.View.HTML, want) {
			t.Fatalf("after screen %d the view does not show %q", i+1, want)
		}
	}
}
