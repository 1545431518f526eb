package sdktest_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// logRecorder is a testing.TB that keeps what is logged to it.
type logRecorder struct {
	testing.TB
	mu   sync.Mutex
	logs []string
}

func (r *logRecorder) Log(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprint(args...))
}

func (r *logRecorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.logs, "\n")
}

// TestProcessLogsOnlyWhatMatters checks what a test of a plugin process
// logs (shown when it fails): the plugin's own stderr, such as a panic's
// stack, and none of go-plugin's narration of starting and stopping.
func TestProcessLogsOnlyWhatMatters(t *testing.T) {
	bin := sdktest.Build(t, "../internal/testplugin")
	rec := &logRecorder{TB: t}
	t.Run("Plugin", func(t *testing.T) {
		rec.TB = t
		ct := sdktest.Process(rec, bin)
		if _, err := ct.Handle(t.Context(), &sdk.HandleRequest{Event: sdk.Event{Type: "panic"}}); err == nil {
			t.Fatal("a panicking Handle returned no error")
		}
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(rec.text(), "asked to panic") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond) // polling interval: stderr is read by another goroutine
		}
	})
	got := rec.text()
	if !strings.Contains(got, "asked to panic") {
		t.Errorf("the plugin's panic is not in the log:\n%s", got)
	}
	for _, noise := range []string{"stdio", "plugin started", "plugin exited", "[DEBUG]"} {
		if strings.Contains(got, noise) {
			t.Errorf("go-plugin's %q narration is in the log:\n%s", noise, got)
		}
	}
}
