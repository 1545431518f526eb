package sdktest

import (
	"bytes"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
)

// testLogger returns an hclog.Logger for a go-plugin client that writes to
// tb.Log: go test shows it for a failing test (or with -v) and keeps it out
// of every passing test's output. Debug level keeps what a plugin writes to
// stderr, such as a panic's stack, which go-plugin logs at that level.
func testLogger(tb testing.TB, name string) hclog.Logger {
	w := &tbWriter{tb: tb}
	// Registered before the client's Kill, so it runs after it: go-plugin
	// logs from its own goroutines, and tb.Log after the test ends panics.
	tb.Cleanup(w.close)
	return hclog.New(&hclog.LoggerOptions{Name: name, Output: w, Level: hclog.Debug, DisableTime: true})
}

// tbWriter passes each line written to tb.Log until close.
type tbWriter struct {
	mu     sync.Mutex
	tb     testing.TB
	closed bool
}

func (w *tbWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.tb.Log(string(bytes.TrimRight(p, "\n")))
	}
	return len(p), nil
}

func (w *tbWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
}
