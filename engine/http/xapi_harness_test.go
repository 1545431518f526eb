package http_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
)

// lrsEnv is a server with the LRS on SQLite and real credentials: the
// bootstrap client (scope all) and any client a test creates.
type lrsEnv struct {
	URL   string
	Site  *site
	DB    *sqlite.DB
	LRS   *lrs.Service
	Creds *lrs.Credentials
	skew  atomic.Int64 // nanoseconds the LRS clock is ahead of time.Now
}

// advance moves the LRS clock d ahead, so that statements stored next
// have a later stored time.
func (e *lrsEnv) advance(d time.Duration) { e.skew.Add(int64(d)) }

const (
	lrsKey    = "conformance"
	lrsSecret = "conformance-secret-for-tests"
)

// lrsSite is the site with only the LRS mounted; its learner side (unmounted)
// still resolves learners' sessions. Services may be set after it serves:
// the LRS reads them at request time.
func lrsSite(tb testing.TB) *site {
	tb.Helper()
	s := newSite(tb, lodehttp.Config{}, web.Config{SigningKey: testSigningKey})
	must(tb, s.Core.Mount(s.LRS))
	return s
}

func mustServeLRS(tb testing.TB) *lrsEnv {
	tb.Helper()
	db, _ := mustOpenDB(tb)
	e := mustServeLRSOn(tb, db)
	e.DB = db
	return e
}

// lrsStore is what the LRS needs of a database.
type lrsStore interface {
	lrs.StatementStore
	lrs.AttachmentStore
	lrs.CredentialStore
}

// mustServeLRSOn is mustServeLRS on db, SQLite or PostgreSQL; e.DB is
// left nil.
func mustServeLRSOn(tb testing.TB, db lrsStore) *lrsEnv {
	tb.Helper()
	srv := lrsSite(tb)
	ts := httptest.NewServer(srv.Core.Handler())
	tb.Cleanup(ts.Close)
	e := &lrsEnv{URL: ts.URL, Site: srv}
	e.LRS = &lrs.Service{Statements: db, Attachments: db, BaseURL: ts.URL,
		Now: func() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) }}
	e.Creds = lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: ts.URL, BootstrapKey: lrsKey, BootstrapSecret: lrsSecret})
	srv.LRS.LRS, srv.LRS.Credentials = e.LRS, e.Creds
	srv.Web.Sessions = &learning.Sessions{Store: inmem.NewSessionStore(tb.Context()), TTL: time.Hour}
	srv.Web.Delivery = &learning.Delivery{BaseURL: ts.URL}
	return e
}

// xapiClient sends xAPI requests as one client in one version.
type xapiClient struct {
	tb          testing.TB
	base        string
	version     string // "" sends no version header
	key, secret string
}

func (e *lrsEnv) client(tb testing.TB, version string) *xapiClient {
	return &xapiClient{tb: tb, base: e.URL, version: version, key: lrsKey, secret: lrsSecret}
}

// xapiResponse is an answer, its body read.
type xapiResponse struct {
	*http.Response
	Body []byte
}

func (r *xapiResponse) json(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("%s %s: body is not JSON (%v): %s", r.Request.Method, r.Request.URL, err, r.Body)
	}
}

// do sends a request; header holds extra headers ("Content-Type" defaults
// to application/json when there is a body).
func (c *xapiClient) do(method, path string, body []byte, header ...string) *xapiResponse {
	c.tb.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(c.tb.Context(), method, c.base+path, rd)
	must(c.tb, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.version != "" {
		req.Header.Set("X-Experience-API-Version", c.version)
	}
	if c.key != "" {
		req.SetBasicAuth(c.key, c.secret)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	must(c.tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(c.tb, err)
	return &xapiResponse{Response: resp, Body: b}
}

// want sends a request and fails the test unless the status is status.
func (c *xapiClient) want(status int, method, path string, body []byte, header ...string) *xapiResponse {
	c.tb.Helper()
	r := c.do(method, path, body, header...)
	if r.StatusCode != status {
		c.tb.Fatalf("%s %s: status %d, want %d: %s", method, path, r.StatusCode, status, r.Body)
	}
	return r
}

// post stores statements and returns their ids.
func (c *xapiClient) post(stmts ...map[string]any) []string {
	c.tb.Helper()
	var body any = stmts
	if len(stmts) == 1 {
		body = stmts[0]
	}
	var ids []string
	c.want(http.StatusOK, http.MethodPost, "/xapi/statements", mustJSON(c.tb, body)).json(c.tb, &ids)
	return ids
}

// get returns one statement by id.
func (c *xapiClient) get(id string) map[string]any {
	c.tb.Helper()
	var st map[string]any
	c.want(http.StatusOK, http.MethodGet, "/xapi/statements?statementId="+id, nil).json(c.tb, &st)
	return st
}

// query returns the StatementResult of GET /xapi/statements?q.
func (c *xapiClient) query(q url.Values) (ids []string, more string) {
	c.tb.Helper()
	return c.page("/xapi/statements?" + q.Encode())
}

func (c *xapiClient) page(path string) (ids []string, more string) {
	c.tb.Helper()
	var res struct {
		Statements []map[string]any `json:"statements"`
		More       *string          `json:"more"`
	}
	c.want(http.StatusOK, http.MethodGet, path, nil).json(c.tb, &res)
	if res.Statements == nil || res.More == nil {
		c.tb.Fatalf("GET %s: not a StatementResult with statements and more", path)
	}
	for _, st := range res.Statements {
		ids = append(ids, st["id"].(string))
	}
	return ids, *res.More
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	must(tb, err)
	return b
}

// statement returns a minimal valid statement by a fresh agent.
func statement() map[string]any {
	return map[string]any{
		"actor":  map[string]any{"objectType": "Agent", "mbox": "mailto:" + uuid.NewString() + "@library.example"},
		"verb":   map[string]any{"id": "http://adlnet.gov/expapi/verbs/attended", "display": map[string]any{"en-US": "attended", "fr": "a assisté"}},
		"object": map[string]any{"objectType": "Activity", "id": "https://lode.example/activities/" + uuid.NewString()},
	}
}

func voidingOf(id string) map[string]any {
	st := statement()
	st["verb"] = map[string]any{"id": "http://adlnet.gov/expapi/verbs/voided", "display": map[string]any{"en-US": "voided"}}
	st["object"] = map[string]any{"objectType": "StatementRef", "id": id}
	return st
}

func sameStrings(tb testing.TB, what string, got []string, want ...string) {
	tb.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		tb.Fatalf("%s:\n got %v\nwant %v", what, got, want)
	}
}
