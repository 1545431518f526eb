package lrsapi

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
)

// documentsLRS serves the document resources over a fresh SQLite database,
// with authentication left out: xapi_auth's tests cover it.
type documentsLRS struct {
	tb testing.TB
	h  http.Handler
	db *sqlite.DB
}

func newDocumentsLRS(tb testing.TB) *documentsLRS {
	tb.Helper()
	db, err := sqlite.Open(tb.Context(), "file:"+filepath.Join(tb.TempDir(), "lode.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(tb.Context()); err != nil {
		tb.Fatal(err)
	}
	s := &Server{Documents: &lrs.Documents{Store: db, Definitions: db}}
	// Every request is Lode itself, which may read everything: these tests
	// are about the resources, TestXAPIScopes (engine/http) about who may.
	noAuth := func(string) echo.MiddlewareFunc {
		return func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				c.Set(ctxLRSCaller, lrs.Trusted())
				return next(c)
			}
		}
	}
	core := mount(tb, func(e *echo.Echo) { s.xapiDocumentRoutes(e.Group("/xapi", s.xapiVersion), noAuth) })
	return &documentsLRS{tb: tb, h: core.Handler(), db: db}
}

// request is one call to the LRS. Version "" sends 2.0.0; "-" none.
type request struct {
	method, path string
	query        url.Values
	version      string
	header       map[string]string
	body         string
}

func (l *documentsLRS) do(r request) *httptest.ResponseRecorder {
	l.tb.Helper()
	target := "/xapi" + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	req := httptest.NewRequest(r.method, target, strings.NewReader(r.body))
	req.Header.Set("Accept", "application/json")
	switch r.version {
	case "":
		req.Header.Set("X-Experience-API-Version", "2.0.0")
	case "-":
	default:
		req.Header.Set("X-Experience-API-Version", r.version)
	}
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	l.h.ServeHTTP(rec, req)
	return rec
}

// want fails the test unless the call answers status, and returns the
// answer.
func (l *documentsLRS) want(status int, r request) *httptest.ResponseRecorder {
	l.tb.Helper()
	rec := l.do(r)
	if rec.Code != status {
		l.tb.Fatalf("%s %s?%s: status %d, want %d: %s", r.method, r.path, r.query.Encode(), rec.Code, status, rec.Body)
	}
	return rec
}

const testAgent = `{"objectType":"Agent","account":{"homePage":"https://library.example","name":"ada"}}`

// stateQuery returns the parameters of a new state document.
func stateQuery() url.Values {
	return url.Values{"activityId": {"https://lode.example/activities/" + uuid.NewString()},
		"agent": {testAgent}, "stateId": {"bookmark"}}
}

func with(q url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	return out
}

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func sameJSONText(tb testing.TB, what, want, got string) {
	tb.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		tb.Fatalf("%s: want is not JSON: %v", what, err)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		tb.Fatalf("%s: %q is not JSON: %v", what, got, err)
	}
	wb, _ := json.Marshal(w)
	gb, _ := json.Marshal(g)
	if string(wb) != string(gb) {
		tb.Fatalf("%s:\n got %s\nwant %s", what, gb, wb)
	}
}

func TestStateDocument(t *testing.T) {
	t.Run("PutThenGet", func(t *testing.T) {
		l := newDocumentsLRS(t)
		q := stateQuery()
		body := `{"page": 3, "notes": "ünïcode"}`
		l.want(http.StatusNoContent, request{method: http.MethodPut, path: "/activities/state", query: q, body: body})
		rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/activities/state", query: q})
		if rec.Body.String() != body {
			t.Fatalf("body %q, want the bytes stored %q", rec.Body, body)
		}
		if got, want := rec.Header().Get("ETag"), `"`+sha1Hex(body)+`"`; got != want {
			t.Fatalf("ETag %s, want the quoted SHA-1 of the content %s", got, want)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type %q, want the one stored", ct)
		}
		lm, err := http.ParseTime(rec.Header().Get("Last-Modified"))
		if err != nil || time.Since(lm) > time.Minute {
			t.Fatalf("Last-Modified %q (%v), want about now", rec.Header().Get("Last-Modified"), err)
		}
	})

	t.Run("BinaryDocument", func(t *testing.T) {
		l := newDocumentsLRS(t)
		q := stateQuery()
		body := "\x00\x01 not json \xff"
		l.want(http.StatusNoContent, request{method: http.MethodPut, path: "/activities/state", query: q, body: body,
			header: map[string]string{"Content-Type": "application/octet-stream"}})
		rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/activities/state", query: q})
		if rec.Body.String() != body || rec.Header().Get("Content-Type") != "application/octet-stream" {
			t.Fatalf("got %q as %s, want the bytes stored as application/octet-stream", rec.Body, rec.Header().Get("Content-Type"))
		}
	})

	t.Run("Head", func(t *testing.T) {
		l := newDocumentsLRS(t)
		q := stateQuery()
		l.want(http.StatusNoContent, request{method: http.MethodPut, path: "/activities/state", query: q, body: `{"a":1}`})
		rec := l.want(http.StatusOK, request{method: http.MethodHead, path: "/activities/state", query: q})
		if rec.Header().Get("ETag") == "" {
			t.Fatal("HEAD has no ETag")
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		l := newDocumentsLRS(t)
		l.want(http.StatusNotFound, request{method: http.MethodGet, path: "/activities/state", query: stateQuery()})
	})

	t.Run("RegistrationIsPartOfTheKey", func(t *testing.T) {
		l := newDocumentsLRS(t)
		q := stateQuery()
		reg := with(q, "registration", strings.ToUpper(uuid.NewString()))
		l.want(http.StatusNoContent, request{method: http.MethodPut, path: "/activities/state", query: reg, body: `{"in":"registration"}`})
		l.want(http.StatusNotFound, request{method: http.MethodGet, path: "/activities/state", query: q})
		lower := with(reg, "registration", strings.ToLower(reg.Get("registration")))
		rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/activities/state", query: lower})
		sameJSONText(t, "document", `{"in":"registration"}`, rec.Body.String())
	})
}

func TestDocumentMerge(t *testing.T) {
	l := newDocumentsLRS(t)
	for _, path := range []string{"/activities/state", "/activities/profile", "/agents/profile"} {
		t.Run(path, func(t *testing.T) {
			q := documentQueryFor(path)
			post := func(status int, body string, header map[string]string) {
				t.Helper()
				l.want(status, request{method: http.MethodPost, path: path, query: q, body: body, header: header})
			}
			post(http.StatusNoContent, `{"car": {"make": "Ford"}, "driver": "Dale"}`, nil) // new: stored as is
			post(http.StatusNoContent, `{"car": {"model": "Ram"}, "series": 1}`, nil)
			want := `{"car": {"model": "Ram"}, "driver": "Dale", "series": 1}`
			wantBody(t, l, path, q, want)

			post(http.StatusNoContent, `{"note": "<b>&</b>"}`, nil)
			rec := l.want(http.StatusOK, request{method: http.MethodGet, path: path, query: q})
			if !strings.Contains(rec.Body.String(), `"<b>&</b>"`) {
				t.Fatalf("merged document %s: want the string as it was posted", rec.Body)
			}
			want = `{"car": {"model": "Ram"}, "driver": "Dale", "series": 1, "note": "<b>&</b>"}`

			post(http.StatusBadRequest, `abcdefg`, map[string]string{"Content-Type": "not/json"})
			post(http.StatusBadRequest, `{"broken": `, nil)
			post(http.StatusBadRequest, `[1, 2]`, nil)
			wantBody(t, l, path, q, want)

			bin := with(q, documentIDParam(path), "binary")
			l.want(http.StatusNoContent, request{method: http.MethodPut, path: path, query: bin, body: "/ asdf /",
				header: map[string]string{"Content-Type": "application/octet-stream", "If-None-Match": "*"}})
			l.want(http.StatusBadRequest, request{method: http.MethodPost, path: path, query: bin, body: `{"a": 1}`})
			rec = l.want(http.StatusOK, request{method: http.MethodGet, path: path, query: bin})
			if rec.Body.String() != "/ asdf /" {
				t.Fatalf("the binary document became %q", rec.Body)
			}
		})
	}
}

func wantBody(tb testing.TB, l *documentsLRS, path string, q url.Values, want string) {
	tb.Helper()
	rec := l.want(http.StatusOK, request{method: http.MethodGet, path: path, query: q})
	sameJSONText(tb, "document", want, rec.Body.String())
}

// documentQueryFor returns the parameters of a new document of the
// resource at path.
func documentQueryFor(path string) url.Values {
	activity := "https://lode.example/activities/" + uuid.NewString()
	agent := `{"mbox":"mailto:` + uuid.NewString() + `@library.example"}`
	switch path {
	case "/activities/profile":
		return url.Values{"activityId": {activity}, "profileId": {"prefs"}}
	case "/agents/profile":
		return url.Values{"agent": {agent}, "profileId": {"prefs"}}
	}
	return url.Values{"activityId": {activity}, "agent": {agent}, "stateId": {"bookmark"}}
}

func documentIDParam(path string) string {
	if path == "/activities/state" {
		return "stateId"
	}
	return "profileId"
}
