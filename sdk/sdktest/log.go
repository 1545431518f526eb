package sdktest

import (
	"bytes"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
)

// testLogger returns an hclog.Logger, for a go-plugin client or an
// in-process server, that writes to tb.Log: go test shows it for a failing
// test (or with -v) and keeps it out of every passing test's output. It
// takes warnings and errors only, such as a plugin's panic with its stack
// or a crash's "panic:" lines: go-plugin's debug and info lines narrate
// every start and stop ("stdio EOF", "plugin exited") and would bury the
// test's own messages.
func testLogger(tb testing.TB, name string) hclog.Logger {
	w := &tbWriter{tb: tb}
	// Registered before the client's Kill, so it runs after it: go-plugin
	// logs from its own goroutines, and tb.Log after the test ends panics.
	tb.Cleanup(w.close)
	return hclog.New(&hclog.LoggerOptions{Name: name, Output: w, Level: hclog.Warn, DisableTime: true})
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
	if line := bytes.TrimRight(p, "\n"); !w.closed && len(line) > 0 {
		w.tb.Log(string(line))
	}
	return len(p), nil
}

func (w *tbWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
}
