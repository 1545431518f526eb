package pluginhost_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/sdk"
)

// installEcho copies the echo plugin into a plugin folder, as an operator
// installs an external content type, and returns its path and digest.
func installEcho(t *testing.T) (string, string) {
	t.Helper()
	data, err := os.ReadFile(echoPlugin.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "lode-content-echo")
	if err := os.WriteFile(path, data, 0o755); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return path, hex.EncodeToString(sum[:])
}

// waitStatus polls the only plugin's status until ok holds.
func waitStatus(t *testing.T, h *pluginhost.Host, what string, ok func(pluginhost.Status) bool) pluginhost.Status {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if st := h.Status()[0]; ok(st) {
			return st
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for an event
	}
	t.Fatalf("timed out waiting for %s: %+v", what, h.Status())
	return pluginhost.Status{}
}

func TestReplacedBinaryRefusedAtRestart(t *testing.T) {
	path, digest := installEcho(t)
	h := MustStart(t, pluginhost.Config{BackoffMin: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond},
		pluginhost.Spec{Name: "echo", Path: path, SHA256: digest})
	st := h.Status()[0]
	if !st.Ready || st.SHA256 != digest || st.Protocol != sdk.ProtocolVersion {
		t.Fatalf("pinned plugin at start: %+v", st)
	}
	// Replace the binary (a new file renamed over the old one, as an
	// install does: a running executable cannot be written), then crash it.
	data, _ := os.ReadFile(path)
	tmp := path + ".new"
	if err := os.WriteFile(tmp, append(data, "tampered"...), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(st.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	st = waitStatus(t, h, "the restart to be refused", func(st pluginhost.Status) bool {
		return strings.Contains(st.LastError, "refusing to run it")
	})
	if st.Ready || st.PID != 0 || !strings.Contains(st.LastError, "pins "+digest) {
		t.Fatalf("replaced binary after restart: %+v", st)
	}
	if _, err := handle(h, "ping"); engine.ErrorCode(err) != engine.EUNAVAILABLE {
		t.Fatalf("a call to the refused plugin: %v, want EUNAVAILABLE", err)
	}
	// It stays refused: each retry checks the digest again.
	restarts := st.Restarts
	st = waitStatus(t, h, "another refused retry", func(st pluginhost.Status) bool { return st.Restarts > restarts+1 })
	if st.Ready || !strings.Contains(st.LastError, "refusing to run it") {
		t.Fatalf("after more retries: %+v", st)
	}
}

func TestIncompatibleProtocolRefused(t *testing.T) {
	t.Setenv("TESTPLUGIN_PROTOCOL", "2")
	h := MustStart(t, pluginhost.Config{BackoffMin: time.Hour}, pluginhost.Spec{Name: "echo", Path: echoPlugin.Path(t)})
	st := h.Status()[0]
	if st.Ready {
		t.Fatalf("a plugin speaking protocol 2 is ready: %+v", st)
	}
	for _, want := range []string{"Plugin version: 2", "this Lode speaks content-type protocol 1"} {
		if !strings.Contains(st.LastError, want) {
			t.Errorf("last error %q does not say %q", st.LastError, want)
		}
	}
}

func TestUnpinnedExternalPluginWarns(t *testing.T) {
	path, digest := installEcho(t)
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := MustStart(t, pluginhost.Config{Logger: log}, pluginhost.Spec{Name: "echo", Path: path})
	if st := h.Status()[0]; !st.Ready || st.SHA256 != digest || st.Builtin {
		t.Fatalf("unpinned plugin: %+v", st)
	}
	if got := logs.String(); !strings.Contains(got, "not pinned") || !strings.Contains(got, "sha256="+digest) {
		t.Errorf("no warning naming the digest to pin:\n%s", got)
	}
}

func TestPinnedPluginDoesNotWarn(t *testing.T) {
	path, digest := installEcho(t)
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := pluginhost.Start(context.Background(), pluginhost.Config{Logger: log}, []pluginhost.Spec{{Name: "echo", Path: path, SHA256: digest}})
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	if strings.Contains(logs.String(), "not pinned") {
		t.Errorf("a pinned plugin warned:\n%s", logs.String())
	}
}

// syncBuffer is a bytes.Buffer for a logger used from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRestartStartsTheBinaryOnDiskAtOnce(t *testing.T) {
	path, _ := installEcho(t)
	h := MustStart(t, pluginhost.Config{BackoffMin: time.Hour}, pluginhost.Spec{Name: "echo", Path: path})
	before := h.Status()[0]
	data, _ := os.ReadFile(path)
	rebuilt := append(data, "rebuilt"...)
	if err := os.WriteFile(path+".new", rebuilt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	if err := h.Restart("echo"); err != nil {
		t.Fatal(err)
	}
	// With a backoff of an hour, only a requested restart comes back now.
	st := waitReady(t, h, before.PID)
	sum := sha256.Sum256(rebuilt)
	if st.SHA256 != hex.EncodeToString(sum[:]) || st.Restarts != 0 {
		t.Errorf("after Restart: %+v, want the rebuilt binary's digest and no failure counted", st)
	}
	if err := h.Restart("nope"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Errorf("Restart of an unknown type: %v", err)
	}
}
