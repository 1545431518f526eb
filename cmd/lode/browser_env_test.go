package main

// The environment of the browser tests (e2e_browser_test.go): the real lode
// binary, built once, that runs the built-in content types; one headless
// Chromium per test binary; a fresh browser context and a fresh server, with
// its own database, for each test; and artifacts kept when a test fails.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/config"
)

func TestMain(m *testing.M) {
	// The test binary is not lode, so it cannot be re-executed as
	// `lode plugin run NAME`: point the plugin host at a real build, made
	// the first time a test starts a server.
	pluginExecutable = lodeBinary
	code := m.Run()
	stopBrowser()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built is the lode binary the tests run plugins from.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// lodeBinary builds ./cmd/lode once per test binary and returns its path.
func lodeBinary() (string, error) {
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "lode-e2e-bin-"); built.err != nil {
			return
		}
		path := filepath.Join(built.dir, "lode")
		out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build -o %s .: %w\n%s", path, err, out)
			return
		}
		built.path = path
	})
	return built.path, built.err
}

// inCI reports whether the tests run in CI, where nothing may be skipped.
func inCI() bool { return os.Getenv("CI") == "true" }

// browser is the one Chromium of the test binary, started on first use.
var browser struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel func()
}

// sharedBrowser returns the context of the running Chromium, starting it if
// needed. It skips the test when Chromium is missing, except in CI.
func sharedBrowser(t *testing.T) context.Context {
	t.Helper()
	browser.mu.Lock()
	defer browser.mu.Unlock()
	if browser.ctx != nil {
		return browser.ctx
	}
	opts := append(browsertest.AllocatorOptions(t), chromedp.WindowSize(1280, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// The first Do starts Chromium and binds its life to bctx, which has no
	// deadline: a test's timeout must not close the browser of the others.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start Chromium %s: %v", browsertest.ChromiumPath(), err)
	}
	browser.ctx = bctx
	browser.cancel = func() { cancelBrowser(); cancelAlloc() }
	return bctx
}

func stopBrowser() {
	browser.mu.Lock()
	defer browser.mu.Unlock()
	if browser.cancel != nil {
		browser.cancel()
	}
}

// newTab opens a tab in a browser context of its own (its own cookies, so a
// new learner) and returns a context for it. The context ends shortly
// before the test binary's own deadline (go test -timeout), not after a
// budget of its own: on a busy machine a flow that works takes longer, and
// a timer would measure the machine rather than the pages. A page that
// never does what the test waits for still fails the test, with its
// screenshot, HTML and console saved.
func newTab(t *testing.T) context.Context {
	t.Helper()
	tab, closeTab := chromedp.NewContext(sharedBrowser(t), chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tab); err != nil {
		closeTab()
		t.Fatalf("open a tab: %v", err)
	}
	console := recordConsole(tab)
	ctx, cancel := context.WithDeadline(tab, tabDeadline(t))
	t.Cleanup(func() {
		cancel()
		if t.Failed() {
			saveTabArtifacts(t, tab, console)
		}
		closeTab()
	})
	return ctx
}

// tabDeadline leaves a minute before the test binary's deadline to report
// a failure and save its artifacts; without a deadline (-timeout 0), ten
// minutes.
func tabDeadline(t *testing.T) time.Time {
	if d, ok := t.Deadline(); ok {
		return d.Add(-time.Minute)
	}
	return time.Now().Add(10 * time.Minute)
}

// consoleLog keeps what a page wrote to the console, for failure reports.
type consoleLog struct {
	mu    sync.Mutex
	lines []string
}

func recordConsole(tab context.Context) *consoleLog {
	c := &consoleLog{}
	messages := chromedp.Console(tab)
	go func() {
		for m, err := range messages {
			if err != nil {
				return // the tab is closed
			}
			c.mu.Lock()
			c.lines = append(c.lines, fmt.Sprintf("%s %s:%d %s", m.Type, m.URL, m.Line+1, m))
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *consoleLog) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

// artifactsDir is where failing tests leave screenshots and logs: the
// folder LODE_E2E_ARTIFACTS names, or a new temporary one that is kept.
var artifacts struct {
	once sync.Once
	dir  string
	err  error
}

func artifactsDir() (string, error) {
	artifacts.once.Do(func() {
		if d := os.Getenv("LODE_E2E_ARTIFACTS"); d != "" {
			artifacts.dir, artifacts.err = d, os.MkdirAll(d, 0o755)
			return
		}
		artifacts.dir, artifacts.err = os.MkdirTemp("", "lode-e2e-artifacts-")
	})
	return artifacts.dir, artifacts.err
}

// saveArtifact writes one file for the failing test and logs its path.
func saveArtifact(t *testing.T, suffix string, data []byte) {
	t.Helper()
	dir, err := artifactsDir()
	if err != nil {
		t.Logf("no artifacts folder: %v", err)
		return
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + suffix
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Logf("save %s: %v", path, err)
		return
	}
	t.Logf("saved %s", path)
}

func saveTabArtifacts(t *testing.T, tab context.Context, console *consoleLog) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 5*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		saveArtifact(t, ".png", png)
	} else {
		t.Logf("no screenshot: %v", err)
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.documentElement.outerHTML`)); err == nil {
		saveArtifact(t, ".html", []byte(html))
	}
	saveArtifact(t, ".console.txt", []byte(console.String()))
}

// lodeServer is a running lode with its own data folder.
type lodeServer struct {
	app     *app
	URL     string // also the BaseURL, so activity IRIs carry the real port
	DataDir string
	log     *syncBuffer
}

// mustServe starts lode on a free port of 127.0.0.1 with the sample
// content, and stops it when the test ends. Each configure function may
// change the configuration before it is validated.
func mustServe(t *testing.T, configure ...func(*config.Config)) *lodeServer {
	t.Helper()
	if _, err := lodeBinary(); err != nil {
		t.Fatal(err)
	}
	s := &lodeServer{DataDir: t.TempDir(), log: &syncBuffer{}}
	// BaseURL must be known before listening: take a free port, then give
	// it to lode. Another process may grab it in between, hence the retry.
	var err error
	for range 3 {
		port := freePort(t)
		cfg := config.Default()
		cfg.Addr = "127.0.0.1:" + port
		cfg.BaseURL = "http://127.0.0.1:" + port
		cfg.DataDir = s.DataDir
		cfg.ContentDir = "../../content"
		for _, f := range configure {
			f(&cfg)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		s.app, err = openApp(context.Background(), cfg, s.log)
		if !errors.Is(err, syscall.EADDRINUSE) {
			s.URL = cfg.BaseURL
			break
		}
	}
	if err != nil {
		t.Fatalf("start lode: %v\n%s", err, s.log)
	}
	if len(s.app.problems) > 0 {
		t.Fatalf("the sample content has problems: %v", s.app.problems)
	}
	t.Cleanup(func() {
		if err := s.app.close(context.Background()); err != nil {
			t.Errorf("stop lode: %v", err)
		}
		if t.Failed() {
			saveArtifact(t, ".server.log", []byte(s.log.String()))
		}
	})
	return s
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// syncBuffer collects the server's log, written from many goroutines.
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
