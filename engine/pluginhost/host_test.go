package pluginhost_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// echoPlugin is the SDK's test content type, built once for every test.
var echoPlugin = &sdktest.Plugin{Pkg: "../../sdk/internal/testplugin"}

func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, echoPlugin, pollPlugin)) }

// MustStart starts a host with the echo test plugin and closes it at the end.
func MustStart(t *testing.T, cfg pluginhost.Config, specs ...pluginhost.Spec) *pluginhost.Host {
	t.Helper()
	if len(specs) == 0 {
		specs = []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t)}}
	}
	h, err := pluginhost.Start(context.Background(), cfg, specs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

var obj = sdk.Object{ID: "o1", ActivityID: "https://lode.test/o1", Title: "One", Config: json.RawMessage(`{}`)}

func handle(h *pluginhost.Host, event string) (*sdk.HandleResponse, error) {
	return h.Handle(context.Background(), "echo", &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: event}})
}

// waitReady polls until the plugin is ready with a pid other than notPID.
func waitReady(t *testing.T, h *pluginhost.Host, notPID int) pluginhost.Status {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		st := h.Status()[0]
		if st.Ready && st.PID != notPID {
			return st
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for an event
	}
	t.Fatalf("plugin not ready again within 5s: %+v", h.Status())
	return pluginhost.Status{}
}

func TestHost(t *testing.T) {
	h := MustStart(t, pluginhost.Config{CallTimeout: 300 * time.Millisecond})

	t.Run("Ready", func(t *testing.T) {
		st := h.Status()
		if len(st) != 1 || !st[0].Ready || st[0].PID == 0 || st[0].Version != "0.1.0" {
			t.Fatalf("status %+v", st)
		}
	})
	t.Run("Render", func(t *testing.T) {
		r, err := h.Render(context.Background(), "echo", &sdk.RenderRequest{Object: obj})
		if err != nil || !strings.Contains(r.HTML, "One") {
			t.Fatalf("render %+v, %v", r, err)
		}
	})
	t.Run("HandleWithRender", func(t *testing.T) {
		r, err := h.Handle(context.Background(), "echo", &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "ping"}, Render: true})
		if err != nil || r.View == nil || !strings.Contains(r.View.HTML, `One: {"Count":1}`) {
			t.Fatalf("handle %+v, %v; want the view of the new state", r, err)
		}
	})
	t.Run("UnknownTypeIsNotFound", func(t *testing.T) {
		_, err := h.Render(context.Background(), "nope", &sdk.RenderRequest{Object: obj})
		if engine.ErrorCode(err) != engine.ENOTFOUND {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("InvalidIsTheLearnersMistake", func(t *testing.T) {
		_, err := handle(h, "invalid")
		if engine.ErrorCode(err) != engine.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("PanicIsInternalAndHarmless", func(t *testing.T) {
		_, err := handle(h, "panic")
		if engine.ErrorCode(err) != engine.EINTERNAL {
			t.Fatalf("err = %v", err)
		}
		if _, err := handle(h, "ping"); err != nil {
			t.Fatalf("after panic: %v", err)
		}
	})
	t.Run("HungCallTimesOut", func(t *testing.T) {
		_, err := handle(h, "hang")
		if engine.ErrorCode(err) != engine.EUNAVAILABLE || !strings.Contains(engine.ErrorMessage(err), "did not answer in time") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCrashAndRestart(t *testing.T) {
	h := MustStart(t, pluginhost.Config{})
	before := h.Status()[0]

	// The plugin exits in the middle of a call.
	_, err := handle(h, "crash")
	if engine.ErrorCode(err) != engine.EUNAVAILABLE || !strings.Contains(engine.ErrorMessage(err), "echo content type is restarting") {
		t.Fatalf("crash: err = %v", err)
	}
	after := waitReady(t, h, before.PID)
	if after.Restarts != 1 {
		t.Fatalf("restarts = %d", after.Restarts)
	}
	if _, err := handle(h, "ping"); err != nil {
		t.Fatalf("after restart: %v", err)
	}

	// kill -9 from outside: calls answer 503 until the plugin is back.
	if err := syscall.Kill(after.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	sawUnavailable := false
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		_, err := handle(h, "ping")
		if err == nil && h.Status()[0].PID != after.PID {
			break
		}
		if err != nil {
			if engine.ErrorCode(err) != engine.EUNAVAILABLE {
				t.Fatalf("while restarting: %v, want unavailable", err)
			}
			sawUnavailable = true
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !sawUnavailable {
		t.Error("never saw the plugin unavailable after kill -9")
	}
	if st := waitReady(t, h, after.PID); st.Restarts != 2 {
		t.Fatalf("status after kill: %+v", st)
	}
}

func TestCloseStopsProcesses(t *testing.T) {
	h, err := pluginhost.Start(context.Background(), pluginhost.Config{}, []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t)}})
	if err != nil {
		t.Fatal(err)
	}
	pid := h.Status()[0].PID
	h.Close()
	if err := syscall.Kill(pid, 0); err == nil {
		// Close waits for the supervisor, which waits for the kill.
		t.Fatalf("plugin %d still running after Close", pid)
	}
}

func TestRefusedSpecs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		specs []pluginhost.Spec
		want  string
	}{
		{"MissingBinary", []pluginhost.Spec{{Name: "x", Path: "/nonexistent/lode-content-x"}}, "no such file"},
		{"DigestMismatch", []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t), SHA256: strings.Repeat("0", 64)}}, "but the configuration pins"},
		{"Duplicate", []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t)}, {Name: "echo", Path: echoPlugin.Path(t)}}, "provided twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pluginhost.Start(context.Background(), pluginhost.Config{}, tc.specs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestWrongNameIsReportedNotFatal(t *testing.T) {
	// A binary that says it is "echo" configured as "video": the host keeps
	// running and says why the type is unavailable.
	h := MustStart(t, pluginhost.Config{BackoffMin: time.Hour}, pluginhost.Spec{Name: "video", Path: echoPlugin.Path(t)})
	st := h.Status()[0]
	if st.Ready || !strings.Contains(st.LastError, `says it is "echo"`) {
		t.Fatalf("status %+v", st)
	}
	if _, err := h.Render(context.Background(), "video", &sdk.RenderRequest{Object: obj}); engine.ErrorCode(err) != engine.EUNAVAILABLE {
		t.Fatalf("err = %v", err)
	}
}
