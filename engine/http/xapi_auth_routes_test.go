package http_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
)

// The restrictions xapiAuth sets hold through the real Statement
// resource: a statements/read/mine client sees only what it stored, a
// learner's session only the learner's statements.
func TestXAPIAuth_Restrictions(t *testing.T) {
	db := mustOpenDB(t)
	srv := lrsSite(t)
	ts := httptest.NewServer(srv.Core.Handler())
	t.Cleanup(ts.Close)
	creds := lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: ts.URL, BootstrapKey: lrsKey, BootstrapSecret: lrsSecret})
	sessions := &learning.Sessions{Store: inmem.NewSessionStore(t.Context()), TTL: time.Hour}
	srv.LRS.LRS = &lrs.Service{Statements: db, Attachments: db, BaseURL: ts.URL}
	srv.LRS.Documents = &lrs.Documents{Store: db, Definitions: db}
	srv.LRS.Credentials, srv.Web.Sessions, srv.Web.Delivery = creds, sessions, &learning.Delivery{BaseURL: ts.URL}

	admin := &xapiClient{tb: t, base: ts.URL, version: "1.0.3", key: lrsKey, secret: lrsSecret}
	newClient := func(scopes ...string) *xapiClient {
		cl, secret, err := creds.Create(t.Context(), "test", scopes)
		must(t, err)
		return &xapiClient{tb: t, base: ts.URL, version: "1.0.3", key: cl.Key, secret: secret}
	}

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
