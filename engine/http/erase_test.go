package http_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/redis"
	"github.com/lode-elearning/lode/engine/storage"
	"github.com/lode-elearning/lode/engine/storetest"
)

// eraseEnv is a whole site, the learner's side and the LRS with its
// bootstrap client, on one of the stores.
type eraseEnv struct {
	URL string
	DB  storage.Backend
}

// mustServeStore serves the site on SQLite with in-process sessions, or on
// PostgreSQL with Redis sessions.
func mustServeStore(t *testing.T, kind string) *eraseEnv {
	t.Helper()
	ctx := context.Background()
	var db storage.Backend
	var sessions learning.SessionStore
	if kind == "postgres" {
		pg, err := postgres.Open(ctx, storetest.PostgresDatabase(t))
		must(t, err)
		t.Cleanup(func() { pg.Close() })
		must(t, pg.Migrate(ctx))
		redisURL, prefix := storetest.RedisPrefix(t)
		rs, err := redis.Open(ctx, redisURL, prefix)
		must(t, err)
		t.Cleanup(func() { rs.Close() })
		db, sessions = pg, rs
	} else {
		sqliteDB, _ := mustOpenDB(t)
		db, sessions = sqliteDB, inmem.NewSessionStore(t.Context())
	}
	log := slog.New(slog.DiscardHandler)
	host, err := pluginhost.Start(ctx, pluginhost.Config{Logger: log}, []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t)}})
	must(t, err)
	t.Cleanup(host.Close)
	st := newSite(t, lodehttp.Config{}, web.Config{SigningKey: testSigningKey})
	ts := httptest.NewUnstartedServer(nil)
	e := &eraseEnv{URL: "http://" + ts.Listener.Addr().String(), DB: db}
	st.Web.Config.BaseURL = e.URL
	service := &lrs.Service{Statements: db, Attachments: db, BaseURL: e.URL}
	w := st.Web
	w.Delivery = &learning.Delivery{Modules: catalog{testModule(t)}, Content: host, Learners: db, Progress: db, LRS: service, BaseURL: e.URL}
	w.Sessions = &learning.Sessions{Store: sessions, TTL: time.Hour}
	w.Privacy = &learning.Privacy{Delivery: w.Delivery, Store: db, Accounts: db, Sessions: w.Sessions}
	w.Learners, w.Plugins, w.Media, w.Log = db, host, module.MediaPath, log
	w.Accounts = &learning.Accounts{Store: db, Learners: db, Progress: db, SiteName: "Lode"} // no mail: not under test here
	st.LRS.LRS = service
	st.LRS.Credentials = lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: e.URL, BootstrapKey: lrsKey, BootstrapSecret: lrsSecret})
	ts.Config.Handler = st.mount(t).Core.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return e
}

// TestErase is issue 10's test: a learner exports their data and erases
// it; afterwards /xapi returns none of their statements, on both stores.
// (That no table holds their name or email is storetest's erasure
// contract, which looks into every column.)
func TestErase(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) { testErase(t, mustServeStore(t, kind)) })
	}
}

func testErase(t *testing.T, e *eraseEnv) {
	b := newBrowser(t, e.URL)
	doc := b.page(t, "/profile")
	token := csrfToken(t, doc)
	resp, _ := b.postForm(t, "/profile", url.Values{"csrf_token": {token}, "name": {"Erin Erasable"}, "email": {"erin@library.example"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the profile: status %d", resp.StatusCode)
	}
	b.ping(t, "/modules/m1/objects/intro")
	learnerID, _, _ := strings.Cut(learnerCookie(t, b, e.URL), ".")
	agent := map[string]any{"objectType": "Agent", "name": "Erin Erasable", "account": map[string]any{"homePage": e.URL, "name": learnerID}}
	client := &xapiClient{tb: t, base: e.URL, version: "1.0.3", key: lrsKey, secret: lrsSecret}
	byTool := statement() // an external tool's statement about the learner, with their name
	byTool["actor"] = agent
	someoneElse := client.post(statement())[0]
	client.post(byTool)
	agentQuery := url.Values{"agent": {string(mustJSON(t, agent))}}
	mine, _ := client.query(agentQuery)
	if len(mine) < 3 { // the tool's, and the ping's interaction and completion
		t.Fatalf("/xapi lists %d statements of the learner before erasure, want 3 or more", len(mine))
	}
	if _, doc := b.get(t, "/profile/export"); !strings.Contains(doc.Text(), "erin@library.example") {
		t.Fatal("the export does not hold the email")
	}

	t.Run("Form", func(t *testing.T) {
		form := b.page(t, "/profile").Find(`main form[action="/profile/erase"][method=post]`)
		box := form.Find(`input#erase-confirm[type=checkbox][name=confirm]`)
		if form.Length() != 1 || attr(form.Find(`input[name=csrf_token]`), "value") != token || box.Length() != 1 ||
			text(form.Find(`label[for=erase-confirm]`)) == "" || text(form.Find(`button[type=submit]`)) != "Erase everything Lode holds about me" {
			t.Fatal("want one erase form with the CSRF token, a labelled confirmation box and the button")
		}
	})
	t.Run("WithoutConfirmation", func(t *testing.T) {
		resp, doc := b.postForm(t, "/profile/erase", url.Values{"csrf_token": {token}})
		if resp.StatusCode != http.StatusBadRequest || attr(doc.Find("#erase-confirm"), "aria-invalid") != "true" ||
			doc.Find(`.lode-error-summary a[href="#erase-confirm"]`).Length() != 1 {
			t.Fatalf("status %d: want 400 with the box marked invalid and named in the summary", resp.StatusCode)
		}
		if _, err := e.DB.Learner(t.Context(), learnerID); err != nil {
			t.Fatalf("an unconfirmed erasure erased: %v", err)
		}
	})
	t.Run("WithoutToken", func(t *testing.T) {
		resp, _ := b.postForm(t, "/profile/erase", url.Values{"csrf_token": {"stale"}, "confirm": {"yes"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
	})

	resp, _ = b.postForm(t, "/profile/erase", url.Values{"csrf_token": {token}, "confirm": {"yes"}})
	t.Run("Redirects", func(t *testing.T) {
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/profile/erased" {
			t.Fatalf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		for _, name := range []string{"lode_session", "lode_learner"} {
			if c := cookieNamed(resp, name); c == nil || c.MaxAge >= 0 || c.Value != "" {
				t.Errorf("%s: %+v, want it cleared", name, c)
			}
		}
		doc := b.page(t, "/profile/erased")
		if msg := doc.Find(`main [role=status]`); !strings.Contains(text(msg), "erased") {
			t.Errorf("status message %q", text(msg))
		}
		if len(b.Jar.Cookies(mustURL(t, e.URL))) != 0 {
			t.Error("the confirmation page started a new visitor")
		}
	})
	t.Run("XAPIReturnsNoneOfTheirStatements", func(t *testing.T) {
		if ids, _ := client.query(agentQuery); len(ids) != 0 {
			t.Fatalf("/xapi lists %v for the erased learner", ids)
		}
		var all []string
		for ids, more := client.query(url.Values{"limit": {"100"}}); ; ids, more = client.page(more) {
			all = append(all, ids...)
			if more == "" {
				break
			}
		}
		for _, id := range mine {
			if slices.Contains(all, id) {
				t.Errorf("statement %s of the erased learner is still listed", id)
			}
			client.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?statementId="+id, nil)
			client.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?voidedStatementId="+id, nil)
		}
		if !slices.Contains(all, someoneElse) {
			t.Error("another agent's statement went too")
		}
	})
	t.Run("LearnerGone", func(t *testing.T) {
		if _, err := e.DB.Learner(t.Context(), learnerID); engine.ErrorCode(err) != engine.ENOTFOUND {
			t.Fatalf("the learner: %v, want ENOTFOUND", err)
		}
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	must(t, err)
	return u
}
