package http_test

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/lrs"
)

// countingBody is a request body that counts what the server read of it.
type countingBody struct {
	left, read int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left == 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > b.left {
		n = b.left
	}
	for i := range p[:n] {
		p[i] = 'a'
	}
	b.left -= n
	b.read += n
	return int(n), nil
}

// An alternate-syntax request is a form POST that may carry its
// credentials inside; before they are checked, the server reads only a
// little of it. One whose Authorization header is wrong is refused unread.
func TestXAPIAlternateSyntaxReadsLittleBeforeAuth(t *testing.T) {
	e := mustServeLRS(t)
	const size = 30 << 20
	send := func(authz string) (*httptest.ResponseRecorder, *countingBody) {
		body := &countingBody{left: size}
		req := httptest.NewRequest(http.MethodPost, "/xapi/statements?method=PUT", body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		rec := httptest.NewRecorder()
		e.Site.Core.Handler().ServeHTTP(rec, req)
		return rec, body
	}
	t.Run("CredentialsInTheForm", func(t *testing.T) {
		rec, body := send("")
		if rec.Code != http.StatusRequestEntityTooLarge || body.read > 2<<20 {
			t.Fatalf("status %d after reading %d bytes: want 413 after at most about 1 MiB", rec.Code, body.read)
		}
	})
	t.Run("WrongCredentials", func(t *testing.T) {
		rec, body := send("Basic " + basicToken(lrsKey, "wrong-secret"))
		if rec.Code != http.StatusUnauthorized || body.read != 0 || rec.Header().Get("WWW-Authenticate") == "" {
			t.Fatalf("status %d after reading %d bytes: want 401 with a challenge, the body unread", rec.Code, body.read)
		}
	})
}

// /xapi honours its configured body limit.
func TestXAPIBodyLimit(t *testing.T) {
	e := mustServeLRS(t)
	e.Site.LRS.MaxBodyBytes = 4 << 10
	c := e.client(t, "1.0.3")
	c.want(http.StatusOK, http.MethodPost, "/xapi/statements", mustJSON(t, statement()))
	var batch []map[string]any
	for range 40 {
		batch = append(batch, statement())
	}
	resp := c.want(http.StatusRequestEntityTooLarge, http.MethodPost, "/xapi/statements", mustJSON(t, batch))
	if !strings.Contains(string(resp.Body), "4096 bytes") {
		t.Fatalf("body %s, want the limit named", resp.Body)
	}
}

// A page on another site cannot make a browser send the LRS credentials
// it has saved: a plain cross-site form post (no preflight) is refused and
// stores nothing, while clients that are not browsers are unaffected.
func TestXAPICrossSiteFormPost(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "")
	form := url.Values{"content": {string(mustJSON(t, statement()))}, "X-Experience-API-Version": {"1.0.3"}}.Encode()
	for _, header := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", "https://evil.example"},
	} {
		h := append([]string{"Content-Type", "application/x-www-form-urlencoded"}, header...)
		c.want(http.StatusForbidden, http.MethodPost, "/xapi/statements?method=POST", []byte(form), h...)
	}
	if ids, _ := e.client(t, "1.0.3").query(url.Values{}); len(ids) != 0 {
		t.Fatalf("stored %v from cross-site posts", ids)
	}
	c.want(http.StatusOK, http.MethodPost, "/xapi/statements?method=POST", []byte(form),
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
	c.want(http.StatusOK, http.MethodPost, "/xapi/statements?method=POST", []byte(form),
		"Content-Type", "application/x-www-form-urlencoded")
}

func basicToken(key, secret string) string {
	return base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
}

// Guessing LRS secrets is throttled before it costs a hash: once an
// address has used its ten attempts in a minute (a new client's first
// request counts, each wrong secret counts) it gets 429 with Retry-After,
// while a client whose secret was verified lately keeps working.
func TestXAPIGuessingIsThrottled(t *testing.T) {
	e := mustServeLRS(t)
	e.Site.LRS.Limiter = inmem.NewLimiter()
	cl, secret, err := e.Creds.Create(t.Context(), "Moodle", []string{lrs.ScopeAll})
	must(t, err)
	good := &xapiClient{tb: t, base: e.URL, version: "1.0.3", key: cl.Key, secret: secret}
	good.want(http.StatusOK, http.MethodGet, "/xapi/statements", nil) // a new secret: one attempt
	guess := &xapiClient{tb: t, base: e.URL, version: "1.0.3", key: lrsKey, secret: "guess"}
	for range 9 {
		guess.want(http.StatusUnauthorized, http.MethodGet, "/xapi/statements", nil)
	}
	resp := guess.want(http.StatusTooManyRequests, http.MethodGet, "/xapi/statements", nil)
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
		t.Errorf("Retry-After %q, want a number of seconds", resp.Header.Get("Retry-After"))
	}
	other := &xapiClient{tb: t, base: e.URL, version: "1.0.3", key: "no-such-key", secret: "guess"}
	other.want(http.StatusTooManyRequests, http.MethodGet, "/xapi/statements", nil)
	good.want(http.StatusOK, http.MethodGet, "/xapi/statements", nil)
}
