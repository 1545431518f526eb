package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/redis"
	"github.com/lode-elearning/lode/engine/storetest"
)

// TestTwoServersShareStorage runs two `lode serve` processes on one
// PostgreSQL database and one Redis. A learner whose requests alternate
// between them sees no difference; when one is killed, the learner goes on
// on the other.
func TestTwoServersShareStorage(t *testing.T) {
	dbURL := storetest.PostgresDatabase(t)
	redisURL := storetest.RedisURL(t)
	bin := storageLodeBinary(t)
	env := []string{
		"LODE_DATABASE_URL=" + dbURL, "LODE_REDIS_URL=" + redisURL,
		"LODE_SECRET_KEY=storage-multi-test-secret-key-0123456789",
		"LODE_BASE_URL=http://lode.test", // the same on both: it names the activities
	}
	a, b := startSharedServer(t, bin, env), startSharedServer(t, bin, env) // they migrate at once
	l := newSharedLearner(t, dbURL, redisURL)
	const welcome = "/modules/reference-desk-basics/objects/welcome"
	const interview = "/modules/reference-desk-basics/objects/interview"

	t.Run("Alternating", func(t *testing.T) {
		token := pageCSRF(t, l.page(t, a.url+welcome)) // a visitor's page on A
		out := l.complete(t, b.url+welcome, token)     // their first answer, on B, makes them a learner
		session := l.cookie(t, "lode_session")
		if got := eventStepStatus(out, "welcome"); got != "done" {
			t.Fatalf("welcome after completing it on B: %q, want done", got)
		}
		onA, onB := l.page(t, a.url+welcome), l.page(t, b.url+welcome)
		for _, sel := range []string{`li[data-lode-step="welcome"]`, `[data-lode-percent-text]`} {
			if pa, pb := onA.Find(sel), onB.Find(sel); pa.Text() != pb.Text() || htmlAttr(pa, "data-status") != htmlAttr(pb, "data-status") {
				t.Errorf("%s: A shows %q (%s), B shows %q (%s)", sel, pa.Text(), htmlAttr(pa, "data-status"), pb.Text(), htmlAttr(pb, "data-status"))
			}
		}
		if got := htmlAttr(onA.Find(`li[data-lode-step="welcome"]`), "data-status"); got != "done" {
			t.Errorf("A shows welcome as %q, want done", got)
		}
		if got := l.cookie(t, "lode_session"); got != session {
			t.Error("the session changed between the servers: they do not share it")
		}
	})

	t.Run("OneKilled", func(t *testing.T) {
		a.kill(t)
		if _, err := l.client.Get(a.url + welcome); err == nil {
			t.Fatal("the killed server still answers")
		}
		token := pageCSRF(t, l.page(t, b.url+interview))
		out := l.complete(t, b.url+interview, token)
		if got := eventStepStatus(out, "interview"); got != "done" {
			t.Fatalf("interview after completing it on B: %q, want done", got)
		}
		if got := eventStepStatus(out, "welcome"); got != "done" {
			t.Fatalf("welcome, completed before A was killed: %q, want done", got)
		}
		l.checkRecords(t, 4) // experienced and completed, for each page
	})
}

// storageBuild builds the lode binary once per test binary run.
var storageBuild struct {
	once sync.Once
	path string
	err  error
}

// storageLodeBinary returns the path of a lode binary built from this tree.
// The folder it is built into is removed when the test that built it ends,
// after the processes started from it.
func storageLodeBinary(t *testing.T) string {
	t.Helper()
	storageBuild.once.Do(func() {
		dir := t.TempDir()
		storageBuild.path = filepath.Join(dir, "lode")
		cmd := exec.Command("go", "build", "-o", storageBuild.path, "./cmd/lode")
		cmd.Dir = repositoryRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			storageBuild.err = fmt.Errorf("go build ./cmd/lode: %v: %s", err, out)
		}
	})
	if storageBuild.err != nil {
		t.Fatal(storageBuild.err)
	}
	return storageBuild.path
}

func repositoryRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// sharedServer is a running `lode serve`.
type sharedServer struct {
	cmd    *exec.Cmd
	url    string
	done   chan struct{} // closed when the process has exited
	stderr *serverLog
}

// startSharedServer starts `lode serve` from the repository root, so that it finds
// ./content, on a free loopback port, and waits until /readyz says ready.
// The process and its plugins are killed when the test ends.
func startSharedServer(t *testing.T, bin string, env []string) *sharedServer {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Dir = repositoryRoot(t)
	cmd.Env = append(withoutLodeVars(os.Environ()), env...)
	cmd.Env = append(cmd.Env, "LODE_ADDR=127.0.0.1:0", "LODE_DATA_DIR="+t.TempDir(), "LODE_LOG_FORMAT=json")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its plugins too, to kill them all at the end
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &sharedServer{cmd: cmd, done: make(chan struct{}), stderr: &serverLog{}}
	addr := make(chan string, 1)
	go p.readLog(pipe, addr)
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
		if t.Failed() {
			t.Logf("lode at %s logged:\n%s", p.url, p.stderr.String())
		}
	})
	select {
	case a := <-addr:
		p.url = "http://" + a
	case <-p.done:
		t.Fatalf("lode serve exited at start:\n%s", p.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("lode serve did not listen within 30s:\n%s", p.stderr.String())
	}
	p.waitReady(t)
	return p
}

// readLog copies the process's log and sends the address it listens on.
func (p *sharedServer) readLog(r io.Reader, addr chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		p.stderr.Write(append(sc.Bytes(), '\n'))
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
			addr <- line.Addr
		}
	}
	io.Copy(io.Discard, r)
}

func (p *sharedServer) waitReady(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; {
		resp, err := http.Get(p.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/readyz not ready within 30s (%v):\n%s", p.url, err, p.stderr.String())
		}
		<-time.After(50 * time.Millisecond)
	}
}

// kill kills the server with SIGKILL, as a crash or an OOM killer would,
// and waits for it to be gone.
func (p *sharedServer) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

func withoutLodeVars(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "LODE_") {
			out = append(out, kv)
		}
	}
	return out
}

// serverLog is a bytes.Buffer safe for one writer and readers.
type serverLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *serverLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *serverLog) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sharedLearner is one browser: its cookie jar serves every server, as cookies
// belong to the host (127.0.0.1), whatever the port.
type sharedLearner struct {
	client   *http.Client
	dbURL    string
	redisURL string
}

func newSharedLearner(t *testing.T, dbURL, redisURL string) *sharedLearner {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	l := &sharedLearner{client: &http.Client{Jar: jar, Timeout: 10 * time.Second}, dbURL: dbURL, redisURL: redisURL}
	t.Cleanup(func() { l.endSessions(t) })
	return l
}

// page gets a page and fails the test unless it is a 200 HTML page.
func (l *sharedLearner) page(t *testing.T, u string) *goquery.Document {
	t.Helper()
	resp, err := l.client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", u, resp.StatusCode, strings.Join(strings.Fields(doc.Find("main").Text()), " "))
	}
	return doc
}

// complete posts a page's "complete" event to the object page u and
// returns the decoded answer.
func (l *sharedLearner) complete(t *testing.T, u, token string) map[string]any {
	t.Helper()
	api := strings.Replace(u, "/modules/", "/api/modules/", 1) + "/events"
	req, err := http.NewRequest(http.MethodPost, api, strings.NewReader(`{"type":"complete","data":{},"rerender":true}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", token)
	resp, err := l.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: status %d, %v (%v)", api, resp.StatusCode, out, err)
	}
	return out
}

func (l *sharedLearner) cookie(t *testing.T, name string) string {
	t.Helper()
	for _, c := range l.client.Jar.Cookies(&url.URL{Scheme: "http", Host: "127.0.0.1"}) {
		if c.Name == name {
			return c.Value
		}
	}
	t.Fatalf("no %s cookie", name)
	return ""
}

func (l *sharedLearner) id(t *testing.T) string {
	t.Helper()
	id, _, _ := strings.Cut(l.cookie(t, "lode_learner"), ".")
	return id
}

// checkRecords checks the database: one registration, both pages
// completed, and the statements of both.
func (l *sharedLearner) checkRecords(t *testing.T, statements int) {
	t.Helper()
	db, err := postgres.Open(t.Context(), l.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reg, err := db.FindRegistration(t.Context(), l.id(t), "reference-desk-basics")
	if err != nil {
		t.Fatal(err)
	}
	states, err := db.ObjectStates(t.Context(), reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	completed := map[string]bool{}
	for _, s := range states {
		completed[s.ObjectID] = s.Completed
	}
	if !completed["welcome"] || !completed["interview"] {
		t.Errorf("completed objects %v, want welcome and interview", completed)
	}
	stmts, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: reg.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != statements {
		t.Errorf("%d statements stored for the registration, want %d", len(stmts), statements)
	}
}

// endSessions deletes the learner's sessions from the shared Redis.
func (l *sharedLearner) endSessions(t *testing.T) {
	for _, c := range l.client.Jar.Cookies(&url.URL{Scheme: "http", Host: "127.0.0.1"}) {
		if c.Name != "lode_learner" {
			continue
		}
		id, _, _ := strings.Cut(c.Value, ".")
		s, err := redis.Open(context.Background(), l.redisURL, "")
		if err != nil {
			t.Error(err)
			return
		}
		defer s.Close()
		if err := s.DeleteLearnerSessions(context.Background(), id); err != nil {
			t.Error(err)
		}
	}
}

func eventStepStatus(eventAnswer map[string]any, objectID string) string {
	steps, _ := eventAnswer["steps"].([]any)
	for _, s := range steps {
		if m, _ := s.(map[string]any); m["id"] == objectID {
			status, _ := m["status"].(string)
			return status
		}
	}
	return ""
}

func pageCSRF(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	v, ok := doc.Find(`meta[name="lode-csrf"]`).Attr("content")
	if !ok || v == "" {
		t.Fatal("the page has no lode-csrf meta tag")
	}
	return v
}

func htmlAttr(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

// The embedded database and the secret key hold patrons' records and the
// key to their cookies: Lode creates them readable by its own user only.
func TestDataFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustServe(t, func(c *config.Config) { c.DataDir = dir })
	for path, want := range map[string]os.FileMode{
		dir:                              0o700,
		filepath.Join(dir, "lode.db"):    0o600,
		filepath.Join(dir, "secret.key"): 0o600,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", path, got, want)
		}
	}
}
