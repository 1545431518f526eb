// Package bench measures what running a content type as a separate process
// costs: the same Render and Handle calls made in process, over gRPC inside
// the test process, and through the engine's plugin host to a real plugin
// process (gRPC over a Unix socket with automatic mutual TLS). Results are
// recorded in docs/PERFORMANCE.md.
//
// Nothing here runs without -bench: TestMain builds the plugin binaries
// only for a run with benchmarks, before any timer starts, and they are
// started on first use, so `go test ./...` pays only for an empty TestMain.
//
//	go test -run '^$' -bench . -benchtime 2s ./engine/pluginhost/bench
//
// docs/PERFORMANCE.md says how its figures were taken (interleaved rounds,
// benchstat) on a shared machine.
package bench

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/plugins/quiz"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// The plugins the shared host runs.
var (
	quizPlugin = &sdktest.Plugin{Pkg: "../../../plugins/quiz/cmd/lode-content-quiz"}
	echoPlugin = &sdktest.Plugin{Pkg: "../../../sdk/internal/testplugin"}
)

func TestMain(m *testing.M) {
	flag.Parse()
	if flag.Lookup("test.bench").Value.String() == "" {
		os.Exit(m.Run()) // no benchmarks: build and start nothing
	}
	code := sdktest.Run(m, quizPlugin, echoPlugin)
	plugins.close()
	os.Exit(code)
}

// target is the part of a content type the benchmarks call: an
// sdk.ContentType directly, or one type behind the plugin host.
type target interface {
	Render(context.Context, *sdk.RenderRequest) (*sdk.RenderResponse, error)
	Handle(context.Context, *sdk.HandleRequest) (*sdk.HandleResponse, error)
}

// call is one timed operation against a target.
type call func(context.Context, target) error

// hosted is one content type as the engine reaches it: through
// pluginhost.Host, with its per-call timeout and error mapping.
type hosted struct {
	host *pluginhost.Host
	name string
}

func (t hosted) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	return t.host.Render(ctx, t.name, req)
}

func (t hosted) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	return t.host.Handle(ctx, t.name, req)
}

// pid returns the plugin's process id, 0 if it is not running.
func (t hosted) pid() int {
	for _, st := range t.host.Status() {
		if st.Name == t.name {
			return st.PID
		}
	}
	return 0
}

// plugins is one warm host running the quiz and the SDK's echo test plugin,
// shared by every benchmark as the engine shares its processes, and stopped
// by TestMain.
var plugins pluginFixture

type pluginFixture struct {
	once sync.Once
	host *pluginhost.Host
	err  error
}

// mustHosted returns the content type name running in the shared host,
// building and starting the plugins on first use.
func mustHosted(b *testing.B, name string) hosted {
	b.Helper()
	plugins.once.Do(plugins.start)
	if plugins.err != nil {
		b.Fatal(plugins.err)
	}
	return hosted{host: plugins.host, name: name}
}

func (f *pluginFixture) start() {
	quizBin, err := quizPlugin.Build() // built by TestMain already
	if err != nil {
		f.err = err
		return
	}
	echoBin, err := echoPlugin.Build()
	if err != nil {
		f.err = err
		return
	}
	f.host, f.err = pluginhost.Start(context.Background(), pluginhost.Config{}, []pluginhost.Spec{
		{Name: "quiz", Path: quizBin},
		{Name: "echo", Path: echoBin},
	})
	if f.err != nil {
		return
	}
	for _, st := range f.host.Status() {
		if !st.Ready {
			f.err = fmt.Errorf("plugin %s did not start: %s", st.Name, st.LastError)
		}
	}
}

func (f *pluginFixture) close() {
	if f.host != nil {
		f.host.Close()
	}
}

const registration = "0b8a7f44-6a38-4c5e-9d0a-2f7a1c3e9b10"

// mustQuizObject returns the quiz's sample configuration (five questions) as
// the object the engine would send.
func mustQuizObject(b *testing.B) sdk.Object {
	b.Helper()
	return sdk.Object{
		ID: "check", ActivityID: "https://lode.example/activities/reference-desk-basics/check",
		Title: "Check your understanding", Config: sdktest.ReadConfig(b, "../../../plugins/quiz/testdata/sample.yaml"),
		MediaBaseURL: "/modules/reference-desk-basics/media/", Language: "en-US",
	}
}

// BenchmarkQuizRender renders the five-question sample quiz as a learner
// first sees it (no state yet).
func BenchmarkQuizRender(b *testing.B) {
	req := &sdk.RenderRequest{Object: mustQuizObject(b), Locale: "en-US", Registration: registration}
	render := func(ctx context.Context, t target) error {
		_, err := t.Render(ctx, req)
		return err
	}
	check := func(b *testing.B, t target) {
		r, err := t.Render(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		if n := strings.Count(r.HTML, `<fieldset class="lode-quiz-question"`); n != 5 {
			b.Fatalf("rendered %d questions, want 5:\n%s", n, r.HTML)
		}
	}
	variants(b, "quiz", quiz.New, check, render)
}

// BenchmarkQuizHandle submits all five answers of a fresh attempt: one
// grading, five answered statements and the quiz's own.
func BenchmarkQuizHandle(b *testing.B) {
	answers := map[string][]string{"q1": {"a"}, "q2": {"a", "c"}, "q3": {"false"}, "q4": {"ILL"}, "q5": {"ddc"}}
	data, err := json.Marshal(answers)
	if err != nil {
		b.Fatal(err)
	}
	req := &sdk.HandleRequest{
		Object: mustQuizObject(b), Event: sdk.Event{Type: "submit", Data: data},
		Locale: "en-US", Registration: registration, SessionID: "bench-session",
	}
	handle := func(ctx context.Context, t target) error {
		_, err := t.Handle(ctx, req) // req.State stays nil: a fresh attempt each time
		return err
	}
	check := func(b *testing.B, t target) {
		r, err := t.Handle(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		if r.Result == nil || r.Result.Score == nil || r.Result.Score.Scaled != 1 || len(r.Statements) < 5 {
			b.Fatalf("submit of all right answers: result %+v, %d statements", r.Result, len(r.Statements))
		}
	}
	variants(b, "quiz", quiz.New, check, handle)
}

// BenchmarkEcho is the transport baseline: a Render of a ~64-byte object by
// the SDK's test plugin, which does almost no work.
func BenchmarkEcho(b *testing.B) {
	req := &sdk.RenderRequest{Object: sdk.Object{ID: "o1", ActivityID: "https://lode.test/o1", Title: "One", Config: json.RawMessage(`{}`)}}
	render := func(ctx context.Context, t target) error {
		_, err := t.Render(ctx, req)
		return err
	}
	check := func(b *testing.B, t target) {
		if err := render(context.Background(), t); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("process", func(b *testing.B) { serial(b, mustHosted(b, "echo"), check, render) })
	b.Run("process-parallel", func(b *testing.B) { parallel(b, mustHosted(b, "echo"), check, render) })
}

// variants runs fn against the content type made by newCT in process, over
// in-process gRPC, and in its plugin process serially and in parallel.
func variants(b *testing.B, name string, newCT func() sdk.ContentType, check func(*testing.B, target), fn call) {
	b.Run("in-process", func(b *testing.B) { serial(b, newCT(), check, fn) })
	b.Run("grpc-in-process", func(b *testing.B) { serial(b, sdktest.InProcess(b, newCT()), check, fn) })
	b.Run("process", func(b *testing.B) { serial(b, mustHosted(b, name), check, fn) })
	b.Run("process-parallel", func(b *testing.B) { parallel(b, mustHosted(b, name), check, fn) })
}
