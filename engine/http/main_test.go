package http_test

import (
	"context"
	"crypto/ed25519"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/lrsapi"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/mail"
	"github.com/lode-elearning/lode/engine/mail/mailtest"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/engine/storage"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// echoPlugin is the SDK's test content type, built once before any test.
// Its objects show "TITLE: STATE" and a form sending "ping"; each ping
// counts, and the event "crash" makes the process exit.
var echoPlugin = &sdktest.Plugin{Pkg: "../../sdk/internal/testplugin"}

func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, echoPlugin)) }

// catalog is a fixed learning.Modules for tests.
type catalog []*learning.Module

func (c catalog) Module(id string) (*learning.Module, error) {
	for _, m := range c {
		if m.ID == id {
			return m, nil
		}
	}
	return nil, engine.Errorf(engine.ENOTFOUND, "there is no module %q", id)
}

func (c catalog) Modules() []*learning.Module { return c }

// testModule has three echo objects, two of them required, and a media
// folder with a video and its captions.
func testModule(tb testing.TB) *learning.Module {
	tb.Helper()
	dir := tb.TempDir()
	must(tb, os.MkdirAll(filepath.Join(dir, "media"), 0o755))
	must(tb, os.WriteFile(filepath.Join(dir, "media", "clip.webm"), []byte("0123456789abcdefghij"), 0o644))
	must(tb, os.WriteFile(filepath.Join(dir, "media", "clip.en.vtt"), []byte("WEBVTT\n"), 0o644))
	must(tb, os.WriteFile(filepath.Join(dir, "media", "notes.txt"), []byte("not named by any object"), 0o644))
	must(tb, os.WriteFile(filepath.Join(dir, "media", "diagram.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 0o644))
	return &learning.Module{
		ID: "m1", Title: "Reference interviews", Version: "1.0.0", CEHours: 1.5, Language: "en", Dir: dir,
		Files:       []string{"media/clip.en.vtt", "media/clip.webm", "media/diagram.svg"}, // as module.Load finds them
		Description: "Learn the **five steps** of a reference interview.\n\n> [!TIP]\n> Keep a notebook at hand.",
		Objects: []learning.Object{
			{ID: "intro", Type: "echo", Title: "Welcome", Required: true},
			{ID: "practice", Type: "echo", Title: "Practice", Required: true},
			{ID: "extra", Type: "echo", Title: "Going further"},
		},
	}
}

// site is Lode's HTTP server as cmd/lode assembles it: the core with the
// learner's side and the LRS mounted. Set the parts' services, then mount.
type site struct {
	Core *lodehttp.Server
	Web  *web.Server
	LRS  *lrsapi.Server
}

func newSite(tb testing.TB, core lodehttp.Config, cfg web.Config) *site {
	tb.Helper()
	w, err := web.New(cfg)
	must(tb, err)
	s := &site{Core: lodehttp.New(core), Web: w, LRS: &lrsapi.Server{Learner: w.LearnerOf}}
	s.Core.ErrorPage = w.ErrorPage
	return s
}

// mount mounts both parts; their services must be set.
func (s *site) mount(tb testing.TB) *site {
	tb.Helper()
	must(tb, s.Core.Mount(s.Web, s.LRS))
	return s
}

// env is a running server with real parts: SQLite, in-memory sessions and
// the test plugin in its own process.
type env struct {
	URL      string
	Server   *site
	DB       *sqlite.DB
	DBPath   string // the SQLite file, for tests that count rows
	Sessions *flushable
	Mail     *mailtest.Server // receives the sign-in links
	Host     *pluginhost.Host
	Module   *learning.Module
}

// testOpsToken is the operators' token of test servers: /metrics and the
// details of /readyz need it.
const testOpsToken = "ops-token-for-tests-only"

var testSigningKey = []byte("0123456789abcdef0123456789abcdef")

// The issuer of test servers' certificates.
const testIssuerName = "Springfield Public Library"

var testIssuerKey = ed25519.NewKeyFromSeed([]byte("issuer seed for tests, 32 bytes!"))

// testCertificates is the certificate service of a test server on db.
func testCertificates(db storage.Backend, modules learning.Modules, baseURL string) *credential.Service {
	return &credential.Service{Store: db, Learners: db, Progress: db, Modules: modules,
		Issuer: &credential.Issuer{Name: testIssuerName, BaseURL: baseURL, Key: testIssuerKey}}
}

// setup is what options may change before a test server starts.
type setup struct {
	Core   lodehttp.Config
	Config web.Config
	Host   pluginhost.Config
	Server func(*site) // called after the services are set, before mounting
}

type option func(*setup)

// mustServe starts a server on a free port and stops it when the test ends.
func mustServe(tb testing.TB, opts ...option) *env {
	tb.Helper()
	return serve(tb, nil, opts...)
}

// mustServeWithHost starts another server on the plugins of a running one.
func mustServeWithHost(tb testing.TB, host *pluginhost.Host) *env {
	tb.Helper()
	return serve(tb, host)
}

func serve(tb testing.TB, host *pluginhost.Host, opts ...option) *env {
	tb.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	m := metrics.New()
	st := setup{
		Core:   lodehttp.Config{OpsToken: testOpsToken},
		Config: web.Config{SigningKey: testSigningKey, MaxBodyBytes: 1024},
		Host:   pluginhost.Config{Logger: log, Observer: m, BackoffMin: 20 * time.Millisecond},
		Server: func(*site) {},
	}
	for _, o := range opts {
		o(&st)
	}
	cfg, hcfg := st.Config, st.Host
	db, dbPath := mustOpenDB(tb)
	if host == nil {
		var err error
		host, err = pluginhost.Start(ctx, hcfg, []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(tb)}})
		must(tb, err)
		tb.Cleanup(host.Close)
	}
	store := newFlushable(tb)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(tb, err)
	e := &env{URL: "http://" + ln.Addr().String(), DB: db, DBPath: dbPath, Sessions: store, Host: host, Module: testModule(tb)}
	cfg.BaseURL = e.URL
	st2 := newSite(tb, st.Core, cfg)
	w, srv := st2.Web, st2.Core
	lrsService := &lrs.Service{Statements: db, BaseURL: e.URL}
	w.Delivery = &learning.Delivery{
		Modules: catalog{e.Module}, Content: host, Learners: db, Progress: db, LRS: lrsService, BaseURL: e.URL,
	}
	w.Sessions = &learning.Sessions{Store: store, TTL: time.Hour}
	w.Privacy = &learning.Privacy{Delivery: w.Delivery, Store: db, Accounts: db, Sessions: w.Sessions}
	w.Learners, w.Plugins, w.Media, w.Log = db, host, module.MediaPath, log
	w.Certificates = testCertificates(db, w.Delivery.Modules, e.URL)
	w.Limiter = inmem.NewLimiter()
	e.Mail = mailtest.Start(tb)
	sender, err := mail.New(e.Mail.URL(), "Lode <lode@library.example>")
	must(tb, err)
	w.Accounts = &learning.Accounts{Store: db, Learners: db, Progress: db, Mail: sender, SiteName: "Lode"}
	st2.LRS.Log = log
	srv.Metrics, srv.Log = m, log
	srv.Ready = []lodehttp.ReadyCheck{
		{Name: "storage", Check: func(ctx context.Context) error {
			_, err := db.Learner(ctx, "readyz-probe")
			if engine.ErrorCode(err) == engine.ENOTFOUND {
				return nil
			}
			return err
		}},
		{Name: "plugin echo", Check: func(context.Context) error { return pluginReady(host, "echo") }},
	}
	st.Server(st2)
	e.Server = st2.mount(tb)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	tb.Cleanup(func() {
		// Shutdown waits for requests in flight; on a busy machine they
		// may take seconds to finish, so only a hang should run this out.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		must(tb, srv.Shutdown(ctx))
		must(tb, <-done)
	})
	return e
}

func pluginReady(h *pluginhost.Host, name string) error {
	for _, st := range h.Status() {
		if st.Name == name && !st.Ready {
			return engine.Errorf(engine.EUNAVAILABLE, "the %s content type is not running: %s", name, st.LastError)
		}
	}
	return nil
}

func mustOpenDB(tb testing.TB) (*sqlite.DB, string) {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), "lode.db")
	db, err := sqlite.Open(ctx, "file:"+path)
	must(tb, err)
	tb.Cleanup(func() { db.Close() })
	must(tb, db.Migrate(ctx))
	return db, path
}

// flushable is a session store that can lose every session at once, as
// Redis does when it is flushed or restarted.
type flushable struct {
	ctx     context.Context
	current atomic.Pointer[inmem.SessionStore]
	created atomic.Int64 // sessions ever created, flushes or not
}

func newFlushable(tb testing.TB) *flushable {
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel) // stops every store's janitor
	f := &flushable{ctx: ctx}
	f.Flush()
	return f
}

// Flush replaces every session with none.
func (f *flushable) Flush() { f.current.Store(inmem.NewSessionStore(f.ctx)) }

func (f *flushable) CreateSession(ctx context.Context, s *learning.Session) error {
	f.created.Add(1)
	return f.current.Load().CreateSession(ctx, s)
}

func (f *flushable) Session(ctx context.Context, id string) (*learning.Session, error) {
	return f.current.Load().Session(ctx, id)
}

func (f *flushable) TouchSession(ctx context.Context, id string, t time.Time) error {
	return f.current.Load().TouchSession(ctx, id, t)
}

func (f *flushable) DeleteSession(ctx context.Context, id string) error {
	return f.current.Load().DeleteSession(ctx, id)
}

func (f *flushable) DeleteLearnerSessions(ctx context.Context, learnerID string) error {
	return f.current.Load().DeleteLearnerSessions(ctx, learnerID)
}

// browser is an HTTP client with its own cookies: one learner.
type browser struct {
	*http.Client
	base string
}

func (e *env) browser(tb testing.TB) *browser { return newBrowser(tb, e.URL) }

// newBrowser is a new learner's browser on the site at base; it does not
// follow redirects, so that tests see them.
func newBrowser(tb testing.TB, base string) *browser {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	must(tb, err)
	return &browser{base: base, Client: &http.Client{
		Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
