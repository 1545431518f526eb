package sdktest

import (
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// Both runs test twice, as the subtests InProcess and Binary: against impl
// served over gRPC in this process (fast, and a debugger reaches it), then
// against the plugin's built binary, as Lode runs it. The same test code
// thus checks the type and its build.
//
//	var bin = &sdktest.Plugin{Pkg: "./cmd/lode-content-poll"}
//
//	func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, bin)) }
//
//	func TestAnswer(t *testing.T) {
//		sdktest.Both(t, poll.New(), bin, func(t *testing.T, ct sdk.ContentType) {
//			sdktest.RunScenario(t, ct, answerScenario)
//		})
//	}
func Both(t *testing.T, impl sdk.ContentType, p *Plugin, test func(t *testing.T, ct sdk.ContentType)) {
	t.Helper()
	t.Run("InProcess", func(t *testing.T) { test(t, InProcess(t, impl)) })
	t.Run("Binary", func(t *testing.T) { test(t, Process(t, p.Path(t))) })
}
