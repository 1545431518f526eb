package http_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestXAPIVersionHeader(t *testing.T) {
	e := mustServeLRS(t)
	for _, tc := range []struct {
		name, sent string
		status     int
		answered   string
	}{
		{"1.0.3", "1.0.3", http.StatusOK, "1.0.3"},
		{"1.0.0 is served as 1.0.3", "1.0.0", http.StatusOK, "1.0.3"},
		{"1.0", "1.0", http.StatusOK, "1.0.3"},
		{"2.0.0", "2.0.0", http.StatusOK, "2.0.0"},
		{"2.0 patch", "2.0.7", http.StatusOK, "2.0.0"},
		// A client without the header is a 0.9 client, from before the
		// header existed: refused, and told so in its own version.
		{"missing", "", http.StatusBadRequest, "0.9"},
		{"unknown 1.x", "1.1.0", http.StatusBadRequest, "1.0.3"},
		{"unknown", "0.95", http.StatusBadRequest, "2.0.0"},
		{"garbage", "latest", http.StatusBadRequest, "2.0.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.client(t, tc.sent).do(http.MethodGet, "/xapi/statements", nil)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tc.status, r.Body)
			}
			if got := r.Header.Get("X-Experience-API-Version"); got != tc.answered {
				t.Fatalf("answered version %q, want %q", got, tc.answered)
			}
			if tc.status == http.StatusBadRequest && !strings.Contains(string(r.Body), "X-Experience-API-Version") {
				t.Fatalf("the error does not name the header: %s", r.Body)
			}
		})
	}

	t.Run("OnEveryAnswer", func(t *testing.T) {
		c := e.client(t, "2.0.0")
		for _, r := range []*xapiResponse{
			c.do(http.MethodGet, "/xapi/no-such-resource", nil),
			c.do(http.MethodGet, "/xapi/statements?statementId=not-a-uuid", nil),
			c.do(http.MethodHead, "/xapi/statements", nil),
			c.do(http.MethodPost, "/xapi/statements", []byte(`{"broken"`)),
			(&xapiClient{tb: t, base: e.URL, version: "2.0.0"}).do(http.MethodGet, "/xapi/statements", nil), // no credentials
		} {
			if got := r.Header.Get("X-Experience-API-Version"); got != "2.0.0" {
				t.Fatalf("%s %s (status %d): version %q, want 2.0.0", r.Request.Method, r.Request.URL.Path, r.StatusCode, got)
			}
		}
	})

	t.Run("ErrorsAreJSON", func(t *testing.T) {
		r := e.client(t, "1.0.3").want(http.StatusBadRequest, http.MethodGet, "/xapi/statements?limit=-1", nil)
		var body struct {
			Error struct{ Message string } `json:"error"`
		}
		r.json(t, &body)
		if !strings.Contains(body.Error.Message, "limit") {
			t.Fatalf("the error message %q does not name the parameter", body.Error.Message)
		}
	})

	t.Run("AboutNeedsNoVersion", func(t *testing.T) {
		r := (&xapiClient{tb: t, base: e.URL}).do(http.MethodGet, "/xapi/about", nil)
		if r.StatusCode == http.StatusBadRequest {
			t.Fatalf("GET /xapi/about without a version header: 400: %s", r.Body)
		}
		if r.Header.Get("X-Experience-API-Version") == "" {
			t.Fatal("no version header on /xapi/about")
		}
	})
}

// alternate sends a 1.0.3 alternate-syntax request: a form POST to path
// with ?method=method carrying the fields.
func alternate(c *xapiClient, path, method string, form url.Values, header ...string) *xapiResponse {
	c.tb.Helper()
	return c.do(http.MethodPost, path+"?method="+method, []byte(form.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded"}, header...)...)
}

func TestXAPIAlternateSyntax(t *testing.T) {
	e := mustServeLRS(t)
	// The alternate syntax carries headers in the form: this client sends
	// neither credentials nor a version header of its own.
	bare := &xapiClient{tb: t, base: e.URL}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(lrsKey+":"+lrsSecret))

	t.Run("PutGetHead", func(t *testing.T) {
		id := uuid.NewString()
		st := statement()
		r := alternate(bare, "/xapi/statements", "PUT", url.Values{
			"statementId": {id}, "content": {string(mustJSON(t, st))},
			"X-Experience-API-Version": {"1.0.3"}, "Authorization": {auth}, "Content-Type": {"application/json"},
		})
		if r.StatusCode != http.StatusNoContent {
			t.Fatalf("alternate PUT: status %d, want 204: %s", r.StatusCode, r.Body)
		}
		if v := r.Header.Get("X-Experience-API-Version"); v != "1.0.3" {
			t.Fatalf("version %q, want 1.0.3", v)
		}
		r = alternate(bare, "/xapi/statements", "GET", url.Values{
			"statementId": {id}, "X-Experience-API-Version": {"1.0.3"}, "Authorization": {auth},
		})
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), id) {
			t.Fatalf("alternate GET: status %d: %s", r.StatusCode, r.Body)
		}
		r = alternate(bare, "/xapi/statements", "HEAD", url.Values{
			"statementId": {id}, "X-Experience-API-Version": {"1.0.3"}, "Authorization": {auth},
		})
		if r.StatusCode != http.StatusOK || len(r.Body) != 0 {
			t.Fatalf("alternate HEAD: status %d, body %q", r.StatusCode, r.Body)
		}
	})

	t.Run("QueryWithHeadersInHeader", func(t *testing.T) {
		c := e.client(t, "1.0.3")
		c.post(statement(), statement())
		r := alternate(c, "/xapi/statements", "GET", url.Values{"limit": {"1"}})
		var res struct {
			Statements []any  `json:"statements"`
			More       string `json:"more"`
		}
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", r.StatusCode, r.Body)
		}
		r.json(t, &res)
		if len(res.Statements) != 1 || res.More == "" {
			t.Fatalf("got %d statements and more %q, want 1 and a link", len(res.Statements), res.More)
		}
	})

	t.Run("FormVersionIsTheHeader", func(t *testing.T) {
		r := alternate(bare, "/xapi/statements", "PUT", url.Values{
			"statementId": {uuid.NewString()}, "content": {string(mustJSON(t, statement()))},
			"X-Experience-API-Version": {"0.8"}, "Authorization": {auth},
		})
		if r.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d, want 400: %s", r.StatusCode, r.Body)
		}
	})

	c := e.client(t, "1.0.3")
	for _, tc := range []struct {
		name string
		send func() *xapiResponse
	}{
		{"NotAPost", func() *xapiResponse {
			return c.do(http.MethodPut, "/xapi/statements?method=POST", []byte(url.Values{"content": {"{}"}}.Encode()),
				"Content-Type", "application/x-www-form-urlencoded")
		}},
		{"ExtraQueryParameter", func() *xapiResponse {
			id := uuid.NewString()
			return alternate(c, "/xapi/statements?statementId="+id+"&x=1", "PUT", url.Values{"statementId": {id}, "content": {string(mustJSON(t, statement()))}})
		}},
		{"NoContent", func() *xapiResponse { return alternate(c, "/xapi/statements", "PUT", url.Values{}) }},
		{"NotAForm", func() *xapiResponse {
			return c.do(http.MethodPost, "/xapi/statements?method=PUT", mustJSON(t, map[string]any{"statementId": uuid.NewString(), "content": statement()}))
		}},
		{"UnknownMethod", func() *xapiResponse { return alternate(c, "/xapi/statements", "PATCH", url.Values{}) }},
		{"In2.0", func() *xapiResponse {
			return alternate(e.client(t, "2.0.0"), "/xapi/statements", "GET", url.Values{"limit": {"1"}})
		}},
		{"In2.0ByForm", func() *xapiResponse {
			return alternate(bare, "/xapi/statements", "PUT", url.Values{
				"statementId": {uuid.NewString()}, "content": {string(mustJSON(t, statement()))},
				"X-Experience-API-Version": {"2.0.0"}, "Authorization": {auth},
			})
		}},
	} {
		t.Run("Rejects"+tc.name, func(t *testing.T) {
			if r := tc.send(); r.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", r.StatusCode, r.Body)
			}
		})
	}
}
