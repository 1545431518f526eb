// Package sdktest helps plugin authors test a content type the way the
// engine uses it: over gRPC in the test process, or as a real process built
// once per test binary; check its configuration problems; and check the HTML
// it renders by its structure rather than by substring, which breaks on
// every change of attribute order or white space.
//
//	var quizPlugin = &sdktest.Plugin{Pkg: "./cmd/lode-content-quiz"}
//
//	func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, quizPlugin)) }
//
//	func TestQuiz(t *testing.T) {
//		ct := sdktest.InProcess(t, quiz.New())          // fast, over gRPC
//		ct = sdktest.Process(t, quizPlugin.Path(t))     // the real binary
//		sdktest.CheckValidate(t, ct, `{"pasing_score": 1}`, map[string]string{
//			"/pasing_score": `did you mean "passing_score"?`,
//		})
//		res, err := ct.Render(ctx, &sdk.RenderRequest{Object: sdk.Object{
//			Config: sdktest.ReadConfig(t, "testdata/sample.yaml"),
//		}})
//		...
//		doc := sdktest.ParseHTML(t, res.HTML)
//		labels := sdktest.Labels(doc)
//		for _, in := range sdktest.FindAll(doc, "input") {
//			if labels[sdktest.Attr(in, "id")] == "" {
//				t.Errorf("input %s has no label", sdktest.Attr(in, "name"))
//			}
//		}
//	}
package sdktest

import (
	"os/exec"
	"path/filepath"
	"testing"

	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/pluginclient"
)

// InProcess serves impl over a real gRPC connection inside the test process
// and returns the engine's client for it. Messages go through the same
// conversion as in production, so what survives the wire is what is tested.
func InProcess(tb testing.TB, impl sdk.ContentType) sdk.ContentType {
	tb.Helper()
	p := &pluginclient.GRPCPlugin{Impl: impl, Logger: testLogger(tb, "in-process")}
	// A bare gRPC connection rather than go-plugin's TestPluginGRPCConn,
	// which logs at debug level to stderr, burying the test's own output.
	conn, server := goplugin.TestGRPCConn(tb, func(s *grpc.Server) { _ = p.GRPCServer(nil, s) })
	tb.Cleanup(func() {
		conn.Close()
		server.Stop()
	})
	ct, err := p.GRPCClient(tb.Context(), nil, conn)
	if err != nil {
		tb.Fatalf("gRPC client: %v", err)
	}
	return ct.(sdk.ContentType)
}

// Process starts the plugin binary at path (with args) as the engine would
// and returns its ContentType. The process is killed when the test ends.
func Process(tb testing.TB, path string, args ...string) sdk.ContentType {
	tb.Helper()
	ct, _ := ProcessClient(tb, path, args...)
	return ct
}

// ProcessClient is Process that also returns the go-plugin client, to kill
// the process or read its pid in crash tests.
func ProcessClient(tb testing.TB, path string, args ...string) (sdk.ContentType, *goplugin.Client) {
	tb.Helper()
	logger := testLogger(tb, filepath.Base(path))
	client := goplugin.NewClient(pluginclient.ClientConfig(exec.Command(path, args...), logger))
	tb.Cleanup(client.Kill)
	ct, err := pluginclient.Dispense(client)
	if err != nil {
		tb.Fatalf("start plugin %s: %v", path, err)
	}
	return ct, client
}
