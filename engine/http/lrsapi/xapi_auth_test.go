package lrsapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// authEnv is a server whose probe routes under /probe are guarded by
// xapiAuth with the scope in their path and answer with the caller.
type authEnv struct {
	URL      string
	Srv      *Server
	Sessions *learning.Sessions
	DB       *sqlite.DB
	Creds    *lrs.Credentials
}

const (
	probeBase       = "https://lode.example"
	bootstrapKey    = "conformance"
	bootstrapSecret = "bootstrap-secret-for-tests"
)

func mustAuthEnv(t *testing.T) *authEnv {
	t.Helper()
	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(t.TempDir(), "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	learner, err := web.New(web.Config{BaseURL: probeBase, SigningKey: []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	learner.Sessions = &learning.Sessions{Store: inmem.NewSessionStore(t.Context()), TTL: time.Hour}
	learner.Delivery = &learning.Delivery{BaseURL: probeBase}
	creds := lrs.NewCredentials(db, lrs.CredentialsConfig{
		BaseURL: probeBase, BootstrapKey: bootstrapKey, BootstrapSecret: bootstrapSecret,
	})
	srv := &Server{Credentials: creds, Learner: learner.LearnerOf}
	probe := func(c echo.Context) error {
		caller := lrsCaller(c)
		return c.JSON(http.StatusOK, probedCaller{Client: caller.Client, Authority: caller.Authority,
			OnlyAuthority: caller.OnlyAuthority(), OnlyAgent: caller.OnlyAgent()})
	}
	core := mount(t, func(e *echo.Echo) {
		for _, scope := range []string{lrs.ScopeStatementsRead, lrs.ScopeStatementsWrite, lrs.ScopeState, ""} {
			path := "/probe/" + strings.ReplaceAll(scope, "/", "-")
			e.GET(path, probe, srv.xapiAuth(scope))
			e.HEAD(path, probe, srv.xapiAuth(scope))
			e.POST(path, probe, srv.xapiAuth(scope))
			e.PUT(path, probe, srv.xapiAuth(scope))
		}
	})
	ts := httptest.NewServer(core.Handler())
	t.Cleanup(ts.Close)
	return &authEnv{URL: ts.URL, Srv: srv, Sessions: learner.Sessions, DB: db, Creds: creds}
}

// do sends a request to the probe of scope and returns the status, the
// challenge header and the caller the handler saw (nil unless 200).
func (e *authEnv) do(t *testing.T, method, scope string, prepare func(*http.Request)) (int, string, *probedCaller) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, e.URL+"/probe/"+strings.ReplaceAll(scope, "/", "-"), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if prepare != nil {
		prepare(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var caller *probedCaller
	if resp.StatusCode == http.StatusOK && method != http.MethodHead {
		caller = &probedCaller{}
		if err := json.NewDecoder(resp.Body).Decode(caller); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate"), caller
}

// probedCaller is what the probe saw of the lrs.Caller.
type probedCaller struct {
	Client        *lrs.Client
	Authority     *xapi.Agent
	OnlyAuthority string
	OnlyAgent     string
}

func basic(key, secret string) func(*http.Request) {
	return func(r *http.Request) { r.SetBasicAuth(key, secret) }
}

func (e *authEnv) client(t *testing.T, scopes ...string) (*lrs.Client, string) {
	t.Helper()
	cl, secret, err := e.Creds.Create(t.Context(), "Test client", scopes)
	if err != nil {
		t.Fatal(err)
	}
	return cl, secret
}

func wantStatus(t *testing.T, what string, got, want int, challenge string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d", what, got, want)
	}
	if wantChallenge := want == http.StatusUnauthorized; (challenge != "") != wantChallenge {
		t.Fatalf("%s: WWW-Authenticate %q with status %d", what, challenge, got)
	}
	if challenge != "" && !strings.HasPrefix(challenge, `Basic realm="Lode LRS"`) {
		t.Fatalf("%s: WWW-Authenticate %q", what, challenge)
	}
}

func TestXAPIAuth(t *testing.T) {
	e := mustAuthEnv(t)
	cl, secret := e.client(t, lrs.ScopeStatementsWrite, lrs.ScopeStatementsRead)
	w := lrs.ScopeStatementsWrite

	t.Run("NoCredentials", func(t *testing.T) {
		status, challenge, _ := e.do(t, http.MethodPost, w, nil)
		wantStatus(t, "no Authorization", status, 401, challenge)
	})

	t.Run("MalformedHeader", func(t *testing.T) {
		for _, h := range []string{"Basic:" + "Um9iQzpwdw==", "Bearer abc", "Basic !!!", "Basic " + "OnNlY3JldA=="} { // the last is ":secret"
			status, challenge, _ := e.do(t, http.MethodPost, w, func(r *http.Request) { r.Header.Set("Authorization", h) })
			wantStatus(t, "Authorization "+h, status, 401, challenge)
		}
	})

	t.Run("BadKeyOrSecret", func(t *testing.T) {
		for _, p := range [][2]string{{"RobCIsNot", "AUserOnThisLRS123"}, {cl.Key, secret + "x"}, {cl.Key, ""}, {bootstrapKey, secret}} {
			status, challenge, _ := e.do(t, http.MethodPost, w, basic(p[0], p[1]))
			wantStatus(t, "key "+p[0], status, 401, challenge)
		}
	})

	t.Run("ValidClient", func(t *testing.T) {
		status, challenge, caller := e.do(t, http.MethodPost, w, basic(cl.Key, secret))
		wantStatus(t, "valid client", status, 200, challenge)
		want := xapi.Agent{ObjectType: "Agent", Name: "Test client", Account: &xapi.Account{HomePage: probeBase, Name: cl.Key}}
		if caller.Client == nil || caller.Client.Key != cl.Key || caller.Authority == nil || caller.Authority.IFI() != want.IFI() ||
			caller.Authority.Name != want.Name || caller.OnlyAuthority != "" || caller.OnlyAgent != "" {
			t.Fatalf("caller %+v, authority %+v", caller, caller.Authority)
		}
	})

	t.Run("WrongScope", func(t *testing.T) {
		status, challenge, _ := e.do(t, http.MethodPut, lrs.ScopeState, basic(cl.Key, secret))
		wantStatus(t, "state without the state scope", status, 403, challenge)
	})

	t.Run("AnyClientRoute", func(t *testing.T) {
		status, challenge, _ := e.do(t, http.MethodGet, "", basic(cl.Key, secret))
		wantStatus(t, "a route for any client", status, 200, challenge)
	})

	t.Run("ReadMine", func(t *testing.T) {
		mine, mineSecret := e.client(t, lrs.ScopeStatementsReadMine)
		status, challenge, caller := e.do(t, http.MethodGet, lrs.ScopeStatementsRead, basic(mine.Key, mineSecret))
		wantStatus(t, "statements/read/mine reading statements", status, 200, challenge)
		if want := "account::" + probeBase + "|" + mine.Key; caller.OnlyAuthority != want {
			t.Fatalf("OnlyAuthority %q, want %q", caller.OnlyAuthority, want)
		}
		status, challenge, _ = e.do(t, http.MethodPost, w, basic(mine.Key, mineSecret))
		wantStatus(t, "statements/read/mine writing", status, 403, challenge)
	})

	t.Run("AllRead", func(t *testing.T) {
		reader, readerSecret := e.client(t, lrs.ScopeAllRead)
		status, challenge, _ := e.do(t, http.MethodGet, lrs.ScopeState, basic(reader.Key, readerSecret))
		wantStatus(t, "all/read reading state", status, 200, challenge)
		status, challenge, _ = e.do(t, http.MethodPut, lrs.ScopeState, basic(reader.Key, readerSecret))
		wantStatus(t, "all/read writing state", status, 403, challenge)
	})

	t.Run("Revoked", func(t *testing.T) {
		gone, goneSecret := e.client(t, lrs.ScopeAll)
		status, _, _ := e.do(t, http.MethodPost, w, basic(gone.Key, goneSecret))
		wantStatus(t, "before revoking", status, 200, "")
		if err := e.Creds.Revoke(t.Context(), gone.Key); err != nil {
			t.Fatal(err)
		}
		status, challenge, _ := e.do(t, http.MethodPost, w, basic(gone.Key, goneSecret))
		wantStatus(t, "right after revoking", status, 401, challenge)
	})

	t.Run("BootstrapClient", func(t *testing.T) {
		for _, scope := range []string{w, lrs.ScopeStatementsRead, lrs.ScopeState} {
			status, challenge, caller := e.do(t, http.MethodPut, scope, basic(bootstrapKey, bootstrapSecret))
			wantStatus(t, "bootstrap client on "+scope, status, 200, challenge)
			if caller.Authority == nil || caller.Authority.Account.Name != bootstrapKey {
				t.Fatalf("authority %+v", caller.Authority)
			}
		}
	})
}

func TestXAPIAuth_LearnerSession(t *testing.T) {
	e := mustAuthEnv(t)
	sess, err := e.Sessions.Start(t.Context(), "learner-42")
	if err != nil {
		t.Fatal(err)
	}
	withSession := func(id string) func(*http.Request) {
		return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "lode_session", Value: id}) }
	}

	status, challenge, caller := e.do(t, http.MethodGet, lrs.ScopeStatementsRead, withSession(sess.ID))
	wantStatus(t, "a learner reading statements", status, 200, challenge)
	if want := "account::" + probeBase + "|learner-42"; caller.OnlyAgent != want || caller.Client != nil || caller.Authority != nil {
		t.Fatalf("caller %+v, want only %s's statements and no authority", caller, want)
	}
	status, challenge, _ = e.do(t, http.MethodHead, lrs.ScopeStatementsRead, withSession(sess.ID))
	wantStatus(t, "a learner's HEAD on statements", status, 200, challenge)
	for _, tc := range []struct {
		method, scope string
	}{{http.MethodPost, lrs.ScopeStatementsWrite}, {http.MethodPut, lrs.ScopeStatementsRead}, {http.MethodGet, lrs.ScopeState}} {
		status, challenge, _ = e.do(t, tc.method, tc.scope, withSession(sess.ID))
		wantStatus(t, "a learner's session on "+tc.method+" "+tc.scope, status, 401, challenge)
	}
	status, challenge, _ = e.do(t, http.MethodGet, lrs.ScopeStatementsRead, withSession("no-such-session"))
	wantStatus(t, "an ended session", status, 401, challenge)
}

// routes adds routes to a test server.
type routes func(e *echo.Echo)

func (r routes) Register(e *echo.Echo) error {
	r(e)
	return nil
}

// mount returns the core server (its error handling and middleware) with
// the routes r adds.
func mount(tb testing.TB, r routes) *lodehttp.Server {
	tb.Helper()
	core := lodehttp.New(lodehttp.Config{})
	if err := core.Mount(r); err != nil {
		tb.Fatal(err)
	}
	return core
}
