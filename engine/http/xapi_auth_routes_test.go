package http_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
)

// The restrictions xapiAuth sets hold through the real Statement
// resource: a statements/read/mine client sees only what it stored, a
// learner's session only the learner's statements.
// scopeSite is an LRS with real credentials and learner sessions, for
// tests of who may do what.
type scopeSite struct {
	URL       string
	admin     *xapiClient // the bootstrap client, scope all
	sessions  *learning.Sessions
	newClient func(scopes ...string) *xapiClient
}

func newScopeSite(t *testing.T) *scopeSite {
	db, _ := mustOpenDB(t)
	srv := lrsSite(t)
	ts := httptest.NewServer(srv.Core.Handler())
	t.Cleanup(ts.Close)
	creds := lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: ts.URL, BootstrapKey: lrsKey, BootstrapSecret: lrsSecret})
	sessions := &learning.Sessions{Store: inmem.NewSessionStore(t.Context()), TTL: time.Hour}
	srv.LRS.LRS = &lrs.Service{Statements: db, Attachments: db, BaseURL: ts.URL}
	srv.LRS.Documents = &lrs.Documents{Store: db, Definitions: db}
	srv.LRS.Credentials, srv.Web.Sessions, srv.Web.Delivery = creds, sessions, &learning.Delivery{BaseURL: ts.URL}
	return &scopeSite{
		URL: ts.URL, sessions: sessions,
		admin: &xapiClient{tb: t, base: ts.URL, version: "1.0.3", key: lrsKey, secret: lrsSecret},
		newClient: func(scopes ...string) *xapiClient {
			cl, secret, err := creds.Create(t.Context(), "test", scopes)
			must(t, err)
			return &xapiClient{tb: t, base: ts.URL, version: "1.0.3", key: cl.Key, secret: secret}
		},
	}
}

func TestXAPIAuth_Restrictions(t *testing.T) {
	site := newScopeSite(t)
	ts, admin, newClient, sessions := site, site.admin, site.newClient, site.sessions

	t.Run("ReadMine", func(t *testing.T) {
		mine := newClient(lrs.ScopeStatementsWrite, lrs.ScopeStatementsReadMine)
		own := mine.post(statement())[0]
		other := admin.post(statement())[0]
		ids, _ := mine.query(url.Values{"limit": {"100"}})
		sameStrings(t, "what a statements/read/mine client lists", ids, own)
		mine.want(http.StatusOK, http.MethodGet, "/xapi/statements?statementId="+own, nil)
		mine.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?statementId="+other, nil)
		if ids, _ := admin.query(url.Values{"limit": {"2"}}); len(ids) != 2 {
			t.Fatalf("a client with all lists %v, want both statements", ids)
		}
		// The Agents and Activities resources merge every client's
		// statements: more than this client's own.
		agent := url.QueryEscape(`{"mbox":"mailto:someone@library.example"}`)
		mine.want(http.StatusForbidden, http.MethodGet, "/xapi/agents?agent="+agent, nil)
		mine.want(http.StatusForbidden, http.MethodGet, "/xapi/activities?activityId="+url.QueryEscape("https://lode.example/a"), nil)
		admin.want(http.StatusOK, http.MethodGet, "/xapi/agents?agent="+agent, nil)
	})

	t.Run("LearnerSession", func(t *testing.T) {
		sess, err := sessions.Start(t.Context(), "learner-42")
		must(t, err)
		me := map[string]any{"objectType": "Agent", "account": map[string]any{"homePage": ts.URL, "name": "learner-42"}}
		st := statement()
		st["actor"] = me
		own := admin.post(st)[0]
		other := admin.post(statement())[0]
		// Someone else's statement about the learner's: an agent query
		// matches it (StatementRef), but it is not the learner's to read.
		about := statement()
		about["object"] = map[string]any{"objectType": "StatementRef", "id": own}
		admin.post(about)
		learner := &xapiClient{tb: t, base: ts.URL, version: "1.0.3"}
		cookie := []string{"Cookie", "lode_session=" + sess.ID}
		var res struct{ Statements []map[string]any }
		learner.want(http.StatusOK, http.MethodGet, "/xapi/statements", nil, cookie...).json(t, &res)
		if len(res.Statements) != 1 || res.Statements[0]["id"] != own {
			t.Fatalf("a learner's session lists %v, want only %s", res.Statements, own)
		}
		learner.want(http.StatusOK, http.MethodGet, "/xapi/statements?statementId="+own, nil, cookie...)
		learner.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?statementId="+other, nil, cookie...)
		agent := url.QueryEscape(`{"mbox":"mailto:someone@library.example"}`)
		learner.want(http.StatusForbidden, http.MethodGet, "/xapi/statements?agent="+agent, nil, cookie...)
		learner.want(http.StatusUnauthorized, http.MethodPost, "/xapi/statements", mustJSON(t, statement()), cookie...)
		learner.want(http.StatusUnauthorized, http.MethodGet, "/xapi/statements", nil)
	})
}

// TestXAPIScopes: every scope against every resource, read and write, and
// a learner's session. What each may do is written out here, not derived
// from the code under test: a scope that opens more (or less) than the
// xAPI specification's table says fails.
func TestXAPIScopes(t *testing.T) {
	site := newScopeSite(t)
	agent := url.QueryEscape(`{"mbox":"mailto:someone@library.example"}`)
	act := url.QueryEscape("https://lode.example/activities/a")
	doc := []byte(`{"x":1}`)
	type request struct {
		name, method, path string
		body               []byte
	}
	requests := []request{
		{"read statements", http.MethodGet, "/xapi/statements", nil},
		{"write statements", http.MethodPost, "/xapi/statements", mustJSON(t, statement())},
		{"read agents", http.MethodGet, "/xapi/agents?agent=" + agent, nil},
		{"read activities", http.MethodGet, "/xapi/activities?activityId=" + act, nil},
		{"read state", http.MethodGet, "/xapi/activities/state?activityId=" + act + "&agent=" + agent + "&stateId=s", nil},
		{"write state", http.MethodPut, "/xapi/activities/state?activityId=" + act + "&agent=" + agent + "&stateId=s", doc},
		{"read activity profile", http.MethodGet, "/xapi/activities/profile?activityId=" + act + "&profileId=p", nil},
		{"write activity profile", http.MethodPut, "/xapi/activities/profile?activityId=" + act + "&profileId=p", doc},
		{"read agent profile", http.MethodGet, "/xapi/agents/profile?agent=" + agent + "&profileId=p", nil},
		{"write agent profile", http.MethodPut, "/xapi/agents/profile?agent=" + agent + "&profileId=p", doc},
	}
	reads := []string{"read statements", "read agents", "read activities", "read state", "read activity profile", "read agent profile"}
	allowed := map[string][]string{
		lrs.ScopeStatementsWrite:    {"write statements"},
		lrs.ScopeStatementsRead:     {"read statements", "read agents", "read activities"},
		lrs.ScopeStatementsReadMine: {"read statements"}, // agents and activities merge every client's statements
		lrs.ScopeState:              {"read state", "write state"},
		lrs.ScopeDefine:             {},
		lrs.ScopeProfile:            {"read activity profile", "write activity profile", "read agent profile", "write agent profile"},
		lrs.ScopeAllRead:            reads,
		lrs.ScopeAll:                nil, // everything
	}
	for _, scope := range lrs.Scopes {
		cl := site.newClient(scope)
		for _, r := range requests {
			ok := allowed[scope] == nil || slices.Contains(allowed[scope], r.name)
			t.Run(scope+"/"+r.name, func(t *testing.T) {
				got := cl.do(r.method, r.path, r.body)
				refused := got.StatusCode == http.StatusForbidden || got.StatusCode == http.StatusUnauthorized
				switch {
				case ok && (refused || got.StatusCode >= 500):
					t.Errorf("status %d, want it allowed: %s", got.StatusCode, got.Body)
				case !ok && got.StatusCode != http.StatusForbidden:
					t.Errorf("status %d, want 403: %s", got.StatusCode, got.Body)
				case !ok && !strings.Contains(string(got.Body), "scope"):
					t.Errorf("a refusal that does not name the scope: %s", got.Body)
				}
			})
		}
	}
	t.Run("learner session", func(t *testing.T) {
		sess, err := site.sessions.Start(t.Context(), "learner-7")
		must(t, err)
		learner := &xapiClient{tb: t, base: site.URL, version: "1.0.3"}
		for _, r := range requests {
			got := learner.do(r.method, r.path, r.body, "Cookie", "lode_session="+sess.ID)
			if ok := r.name == "read statements"; ok != (got.StatusCode == http.StatusOK) {
				t.Errorf("%s with a learner's session: status %d: %s", r.name, got.StatusCode, got.Body)
			}
		}
	})
	// Nothing a refused request sent was kept.
	var res struct{ Statements []any }
	site.admin.want(http.StatusOK, http.MethodGet, "/xapi/statements?limit=100", nil).json(t, &res)
	writers := 2 // statements/write and all
	if len(res.Statements) != writers {
		t.Errorf("%d statements stored, want %d (one per scope allowed to write)", len(res.Statements), writers)
	}
}
