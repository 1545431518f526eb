package plugin_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// echoPlugin is sdk/internal/testplugin, built once for every test here.
var echoPlugin = &sdktest.Plugin{Pkg: "../internal/testplugin"}

func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, echoPlugin)) }

func TestOverProcess(t *testing.T) {
	ct, client := sdktest.ProcessClient(t, echoPlugin.Path(t))
	ctx := context.Background()
	obj := sdk.Object{ID: "o1", ActivityID: "https://lode.test/o1", Title: "One", Config: json.RawMessage(`{}`)}

	t.Run("Describe", func(t *testing.T) {
		d, err := ct.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != "echo" || d.ProtocolVersion != sdk.ProtocolVersion || !d.Capabilities.Completable || len(d.Assets) != 2 ||
			len(d.Profiles) != 1 || d.Profiles[0] != "https://example.org/profiles/echo" {
			t.Fatalf("unexpected description %+v", d)
		}
		if client.NegotiatedVersion() != sdk.ProtocolVersion {
			t.Fatalf("negotiated version %d", client.NegotiatedVersion())
		}
	})
	t.Run("ValidateReportsProblems", func(t *testing.T) {
		v, err := ct.Validate(ctx, &sdk.ValidateRequest{Config: json.RawMessage(`{"bad":1}`)})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Problems) != 1 || v.Problems[0].Pointer != "/bad" {
			t.Fatalf("problems = %+v", v.Problems)
		}
	})
	t.Run("HandleRoundTrip", func(t *testing.T) {
		r, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "ping", Data: json.RawMessage(`{"a":["b"]}`)}, SessionID: "s1"})
		if err != nil {
			t.Fatal(err)
		}
		if string(r.State) != `{"Count":1}` || r.Result == nil || r.Result.Completion == nil || !*r.Result.Completion || r.Result.Success != nil {
			t.Fatalf("result %+v state %s", r.Result, r.State)
		}
		if len(r.Statements) != 2 || r.Statements[0].Activity.IDSuffix != "/ping" || r.Statements[1].Activity != nil {
			t.Fatalf("statements %+v", r.Statements)
		}
		if !strings.Contains(string(r.Statements[0].ContextExtensions), `"s1"`) || r.Statements[0].Verb.Display["en-US"] != "interacted" {
			t.Fatalf("draft lost fields: %+v", r.Statements[0])
		}
	})
	t.Run("HandleRendersWhenAsked", func(t *testing.T) {
		r, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, State: json.RawMessage(`{"Count":4}`), Event: sdk.Event{Type: "ping"}, Render: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.View == nil || !strings.Contains(r.View.HTML, `One: {"Count":5}`) || string(r.View.ClientState) != `{"Count":5}` || len(r.View.Assets) != 1 {
			t.Fatalf("view %+v, want the object rendered with the new state", r.View)
		}
	})
	t.Run("HandleRendersTheOldStateWhenUnchanged", func(t *testing.T) {
		r, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, State: json.RawMessage(`{"Count":4}`), Event: sdk.Event{Type: "look"}, Render: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.State != nil || r.View == nil || !strings.Contains(r.View.HTML, `One: {"Count":4}`) {
			t.Fatalf("state %s, view %+v; want no new state and the old one rendered", r.State, r.View)
		}
	})
	t.Run("HandleWithoutRenderHasNoView", func(t *testing.T) {
		r, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "ping"}})
		if err != nil {
			t.Fatal(err)
		}
		if r.View != nil {
			t.Fatalf("view %+v, want nil when Render was not asked", r.View)
		}
	})
	t.Run("InvalidCrossesTheWire", func(t *testing.T) {
		_, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "invalid", Data: json.RawMessage(`7`)}})
		if !sdk.IsInvalid(err) || !strings.Contains(err.Error(), "7 is not acceptable") {
			t.Fatalf("err = %v, want InvalidError", err)
		}
	})
	t.Run("PanicIsOneFailedCall", func(t *testing.T) {
		_, err := ct.Handle(ctx, &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "panic"}})
		if err == nil || sdk.IsInvalid(err) || !strings.Contains(err.Error(), "panicked") {
			t.Fatalf("err = %v", err)
		}
		if _, err := ct.Render(ctx, &sdk.RenderRequest{Object: obj}); err != nil {
			t.Fatalf("plugin unusable after a panic: %v", err)
		}
	})
	t.Run("AssetOverDefaultGRPCLimit", func(t *testing.T) {
		a, err := ct.Asset(ctx, "big.bin")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Data) != 6<<20 {
			t.Fatalf("asset size %d", len(a.Data))
		}
	})
	t.Run("DeadlineEndsAHungCall", func(t *testing.T) {
		cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := ct.Handle(cctx, &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "hang"}})
		if err == nil || time.Since(start) > 5*time.Second {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
	})
}

func TestInProcess(t *testing.T) {
	// The same round trip with the in-process helper plugin authors use.
	ct := sdktest.InProcess(t, echoForTest{})
	r, err := ct.Render(context.Background(), &sdk.RenderRequest{
		Object: sdk.Object{Title: "T", Language: "fr", MediaBaseURL: "/m/"}, State: json.RawMessage(`{"x":1}`), Registration: "r1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.HTML != "T fr /m/ r1" || string(r.ClientState) != `{"x":1}` || len(r.Assets) != 1 {
		t.Fatalf("render %+v", r)
	}
}

// TestPluginRefusesToRunByHand checks the handshake: run directly, a plugin
// says what it is instead of speaking gRPC on stdout.
func TestPluginRefusesToRunByHand(t *testing.T) {
	out, err := exec.Command(echoPlugin.Path(t)).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "plugin") {
		t.Fatalf("err = %v, out = %s", err, out)
	}
}

type echoForTest struct{ sdk.ContentType }

func (echoForTest) Render(_ context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	html := strings.Join([]string{req.Object.Title, req.Object.Language, req.Object.MediaBaseURL, req.Registration}, " ")
	return &sdk.RenderResponse{HTML: html, ClientState: req.State, Assets: []string{"a.css"}}, nil
}
