// Package sdktest helps plugin authors test a content type the way the
// engine uses it: over gRPC in the test process, or as a real process; and
// check the HTML it renders by its structure rather than by substring,
// which breaks on every change of attribute order or white space.
//
//	func TestQuiz(t *testing.T) {
//		ct := sdktest.InProcess(t, quiz.New())           // fast, over gRPC
//		ct = sdktest.Process(t, sdktest.Build(t, "./cmd/lode-content-quiz"))
//		res, err := ct.Render(ctx, req)
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
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/plugin"
)

// InProcess serves impl over a real gRPC connection inside the test process
// and returns the engine's client for it. Messages go through the same
// conversion as in production, so what survives the wire is what is tested.
func InProcess(tb testing.TB, impl sdk.ContentType) sdk.ContentType {
	tb.Helper()
	client, _ := goplugin.TestPluginGRPCConn(tb, false, map[string]goplugin.Plugin{
		plugin.PluginName: &plugin.GRPCPlugin{Impl: impl},
	})
	tb.Cleanup(func() { client.Close() })
	raw, err := client.Dispense(plugin.PluginName)
	if err != nil {
		tb.Fatalf("dispense: %v", err)
	}
	return raw.(sdk.ContentType)
}

// Build compiles the plugin main package at pkg (a path as `go build` takes
// it, relative to the test's package directory) into a temporary directory
// and returns the binary's path.
func Build(tb testing.TB, pkg string) string {
	tb.Helper()
	bin, err := BuildInto(tb.TempDir(), pkg)
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

// BuildInto is Build for a TestMain, where there is no testing.TB yet: it
// builds pkg into dir and returns the binary's path.
func BuildInto(dir, pkg string) (string, error) {
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin, nil
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
	logger := hclog.New(&hclog.LoggerOptions{Name: filepath.Base(path), Output: os.Stderr, Level: hclog.Warn})
	client := goplugin.NewClient(plugin.ClientConfig(exec.Command(path, args...), logger))
	tb.Cleanup(client.Kill)
	ct, err := plugin.Dispense(client)
	if err != nil {
		tb.Fatalf("start plugin %s: %v", path, err)
	}
	return ct, client
}
