package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/config"
)

// lodeProcess is `lode serve` running as a real process, as an operator
// runs it: the tests here kill it and its plugins with SIGKILL.
type lodeProcess struct {
	cmd  *exec.Cmd
	url  string
	logs *strings.Builder
}

// startLode runs the lode binary built for this test package (see
// TestMain) on a free loopback port with a fresh data dir and waits until
// /readyz says every plugin is ready.
func startLode(t *testing.T, env ...string) *lodeProcess {
	t.Helper()
	bin, err := pluginExecutable()
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cmd := exec.Command(bin, "serve")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(),
		"LODE_ADDR=127.0.0.1:"+port, "LODE_BASE_URL=http://127.0.0.1:"+port,
		"LODE_DATA_DIR="+t.TempDir(), "LODE_CONFIG=", "LODE_DATABASE_URL=", "LODE_REDIS_URL=")
	cmd.Env = append(cmd.Env, env...)
	p := &lodeProcess{cmd: cmd, url: "http://127.0.0.1:" + port, logs: &strings.Builder{}}
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(p.logs, bufio.NewReader(stderr))
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("lode logs:\n%s", p.logs.String())
		}
	})
	waitFor(t, 30*time.Second, "lode to be ready", func() bool {
		resp, err := http.Get(p.url + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return p
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(10 * time.Millisecond) // polling interval
	}
}

// plugins returns content type name → pid of lode's plugin processes, read
// from /proc as `ps` would show them.
func (p *lodeProcess) plugins(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	re := regexp.MustCompile(`plugin\x00run\x00([a-z]+)`)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil || parentPID(string(stat)) != p.cmd.Process.Pid {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if m := re.FindSubmatch(cmdline); m != nil {
			out[string(m[1])] = pid
		}
	}
	return out
}

// parentPID reads the ppid field of /proc/PID/stat ("pid (comm) state ppid ...").
func parentPID(stat string) int {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(stat[i+1:])
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	// A zombie has exited; only its parent has not collected it yet.
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(stat), ')')
	return i > 0 && !strings.HasPrefix(strings.TrimSpace(string(stat[i+1:])), "Z")
}

// get fetches path with the client's cookies and returns status and body.
func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestEachContentTypeInItsOwnProcess(t *testing.T) {
	p := startLode(t)
	got := p.plugins(t)
	for _, name := range builtinNames() {
		if got[name] == 0 {
			t.Errorf("no process for content type %q (found %v)", name, got)
		}
	}
}

func TestPluginKilledOnlyItsObjectsFail(t *testing.T) {
	p := startLode(t)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	quizURL := p.url + "/modules/reference-desk-basics/objects/check"
	if code, body := get(t, client, quizURL); code != http.StatusOK || !strings.Contains(body, "Question 1 of 5") {
		t.Fatalf("quiz page before the kill: %d", code)
	}
	quizPID := p.plugins(t)["quiz"]
	if err := syscall.Kill(quizPID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Until the quiz is back its page says so with a 503; every other page works.
	saw503 := false
	waitFor(t, 5*time.Second, "the quiz content type to come back", func() bool {
		code, body := get(t, client, quizURL)
		if code == http.StatusServiceUnavailable {
			saw503 = true
			if !strings.Contains(body, "quiz content type is restarting") {
				t.Fatalf("503 page without the message: %s", body)
			}
		}
		if c, _ := get(t, client, p.url+"/modules/reference-desk-basics/objects/welcome"); c != http.StatusOK {
			t.Fatalf("the page object failed while the quiz was down: %d", c)
		}
		if c, _ := get(t, client, p.url+"/"); c != http.StatusOK {
			t.Fatalf("the catalog failed while the quiz was down: %d", c)
		}
		return code == http.StatusOK && p.plugins(t)["quiz"] != quizPID
	})
	t.Logf("saw a 503 while the quiz restarted: %v", saw503)
}

func TestEngineKilledLeavesNoPlugin(t *testing.T) {
	p := startLode(t)
	pids := p.plugins(t)
	if len(pids) != len(builtins) {
		t.Fatalf("plugins %v", pids)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	waitFor(t, 3*time.Second, "every plugin process to exit after kill -9 of the engine", func() bool {
		for _, pid := range pids {
			if alive(pid) {
				return false
			}
		}
		return true
	})
}

func TestGracefulShutdownStopsPlugins(t *testing.T) {
	p := startLode(t)
	pids := p.plugins(t)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("lode exited with %v after SIGTERM", err)
		}
	case <-ctx.Done():
		t.Fatal("lode did not exit within 20s of SIGTERM")
	}
	for name, pid := range pids {
		if alive(pid) {
			t.Errorf("plugin %s (pid %d) still running after a graceful shutdown", name, pid)
		}
	}
	if !strings.Contains(p.logs.String(), "shutting down") {
		t.Errorf("no shutdown log line")
	}
}

func TestPortTakenIsAClearErrorAndLeavesNothingRunning(t *testing.T) {
	if _, err := lodeBinary(); err != nil {
		t.Fatal(err)
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	cfg := config.Default()
	cfg.Addr, cfg.DataDir, cfg.ContentDir = taken.Addr().String(), t.TempDir(), "../../content"
	before := childPlugins(t)
	a, err := openApp(context.Background(), cfg, io.Discard)
	if err == nil || a != nil || !strings.Contains(err.Error(), "LODE_ADDR") || !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("openApp on a taken port: app %v, err %v", a, err)
	}
	// The plugins it had started are stopped again.
	waitFor(t, 3*time.Second, "the plugins of the failed start to exit", func() bool { return childPlugins(t) <= before })
}

// childPlugins counts this test process's `lode plugin run` children.
func childPlugins(t *testing.T) int {
	self := &lodeProcess{cmd: &exec.Cmd{Process: &os.Process{Pid: os.Getpid()}}}
	return len(self.plugins(t))
}
