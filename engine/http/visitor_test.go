package http_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// countRows counts a table's rows in the test server's database.
func (e *env) countRows(tb testing.TB, table string) int {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+e.DBPath+"?mode=ro")
	must(tb, err)
	defer db.Close()
	var n int
	must(tb, db.QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n))
	return n
}

// TestCrawlersCreateNoLearner: reading is not a reason to keep a record of
// anybody. A thousand cookie-less requests to every kind of page, 404s
// included, leave no learner, no session, no registration and no
// statement.
func TestCrawlersCreateNoLearner(t *testing.T) {
	e := mustServe(t)
	paths := []string{
		"/", "/modules/m1", "/modules/m1/objects/intro", "/modules/m1/objects/practice", "/profile",
		"/profile/export", "/modules/nope", "/modules/m1/objects/nope", "/no/such/page", "/modules/m1/media/clip.webm",
	}
	for i := range 1000 {
		path := paths[i%len(paths)]
		resp, err := http.Get(e.URL + path) // no cookie jar: every request is a newcomer
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		for _, c := range resp.Cookies() {
			if c.Name == "lode_session" || c.Name == "lode_learner" {
				t.Fatalf("GET %s set %s: a reader became a learner", path, c.Name)
			}
		}
	}
	for _, table := range []string{"learners", "registrations", "object_states", "statements"} {
		if n := e.countRows(t, table); n != 0 {
			t.Errorf("%d rows in %s after 1,000 cookie-less reads, want 0", n, table)
		}
	}
	if n := e.Sessions.created.Load(); n != 0 {
		t.Errorf("%d sessions created, want 0", n)
	}
}

// TestVisitorBecomesLearner: a visitor's page works as a learner's does;
// their first answer makes them a learner, with the CSRF token their page
// already carries, so the page goes on working without a reload.
func TestVisitorBecomesLearner(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	const obj = "/modules/m1/objects/intro"
	resp, doc := b.get(t, obj)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	visitor := cookieNamed(resp, "lode_visitor")
	if visitor == nil || !visitor.HttpOnly || visitor.SameSite != http.SameSiteLaxMode || visitor.MaxAge != 0 {
		t.Fatalf("lode_visitor %+v: want an HttpOnly, SameSite=Lax browser-session cookie", visitor)
	}
	if doc.Find(`form[action="/signout"]`).Length() != 0 {
		t.Error("a visitor is offered to sign out")
	}
	csrf := csrfToken(t, doc)
	if b.page(t, "/"); e.countRows(t, "learners") != 0 {
		t.Fatal("reading made a learner")
	}

	t.Run("RefusedWritesMakeNobody", func(t *testing.T) {
		for _, tt := range []struct{ path, body string }{
			{"/modules/m1/objects/nope", `{"type":"ping"}`},
			{obj, `{"type":"no spaces allowed"}`},
			{obj, `{"type":"ping","data":[1]}`},
			{obj, `{"type":"ping",`},
		} {
			if resp, out := b.event(t, tt.path, csrf, tt.body); resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("%s %s: status %d, want a 4xx: %v", tt.path, tt.body, resp.StatusCode, out)
			}
		}
		if n := e.countRows(t, "learners"); n != 0 {
			t.Errorf("%d learners after refused writes, want 0", n)
		}
	})
	t.Run("FirstWrite", func(t *testing.T) {
		resp, out := b.event(t, obj, csrf, `{"type":"ping","data":{}}`)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %v", resp.StatusCode, out)
		}
		if cookieNamed(resp, "lode_session") == nil || cookieNamed(resp, "lode_learner") == nil {
			t.Errorf("cookies %v: want a session and a learner cookie", resp.Cookies())
		}
		if n := e.countRows(t, "learners"); n != 1 {
			t.Errorf("%d learners, want 1", n)
		}
	})
	t.Run("SamePageGoesOn", func(t *testing.T) {
		if resp, out := b.event(t, obj, csrf, `{"type":"ping","data":{}}`); resp.StatusCode != http.StatusOK {
			t.Fatalf("the page's token after becoming a learner: status %d: %v", resp.StatusCode, out)
		}
		doc := b.page(t, obj)
		if got := text(doc.Find("section[data-lode-object] p")); !strings.Contains(got, `{"Count":2}`) {
			t.Errorf("object shows %q, want both pings", got)
		}
		if doc.Find(`form[action="/signout"]`).Length() == 0 {
			t.Error("a learner is not offered to sign out")
		}
		if n := e.countRows(t, "learners"); n != 1 {
			t.Errorf("%d learners, want still 1", n)
		}
	})
	t.Run("ForeignToken", func(t *testing.T) {
		other := e.browser(t)
		other.page(t, obj) // a visitor with a cookie of their own
		resp, out := other.event(t, obj, csrf, `{"type":"ping"}`)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(errorMessage(t, out), "CSRF") {
			t.Errorf("another visitor's token: status %d: %v", resp.StatusCode, out)
		}
	})
	t.Run("NoVisitorCookie", func(t *testing.T) {
		resp, out := e.browser(t).event(t, obj, csrf, `{"type":"ping"}`)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a token without its cookie: status %d: %v", resp.StatusCode, out)
		}
	})
	if n := e.countRows(t, "learners"); n != 1 {
		t.Errorf("%d learners after refused writes, want 1", n)
	}
}

// TestVisitorProfile: a visitor's profile form is empty; saving it makes
// them a learner, and a form without its token makes nobody.
func TestVisitorProfile(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/profile")
	if v := attr(doc.Find("input#name"), "value"); v != "" {
		t.Errorf("a visitor's name field holds %q", v)
	}
	post := func(b *browser, csrf string) *http.Response {
		form := url.Values{"csrf_token": {csrf}, "name": {"Ada Reader"}, "email": {"ada@library.example"}}
		resp, err := b.PostForm(e.URL+"/profile", form)
		must(t, err)
		resp.Body.Close()
		return resp
	}
	if resp := post(e.browser(t), "v.forged"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a forged token: status %d, want 403", resp.StatusCode)
	}
	if n := e.countRows(t, "learners"); n != 0 {
		t.Fatalf("%d learners after a refused form", n)
	}
	if resp := post(b, csrfToken(t, doc)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", resp.StatusCode)
	}
	if got := attr(b.page(t, "/profile").Find("input#name"), "value"); got != "Ada Reader" {
		t.Errorf("name after saving %q", got)
	}
}

// TestVisitorExportAndSignOut: a visitor can ask what Lode holds (nothing)
// and sign out (clearing cookies), and neither makes them a learner.
func TestVisitorExportAndSignOut(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/profile")
	resp, err := b.Get(e.URL + "/profile/export")
	must(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	must(t, err)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"profile": null`) {
		t.Errorf("status %d, export %s", resp.StatusCode, body)
	}
	resp, err = b.PostForm(e.URL+"/profile/erase", url.Values{"csrf_token": {csrfToken(t, doc)}, "confirm": {"yes"}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/profile/erased" {
		t.Errorf("a visitor's erase: status %d to %q, want 303 to /profile/erased", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc = b.page(t, "/profile") // the erase cleared the visitor cookie: a new token
	resp, err = b.PostForm(e.URL+"/signout", url.Values{"csrf_token": {csrfToken(t, doc)}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign out: status %d", resp.StatusCode)
	}
	if n := e.countRows(t, "learners"); n != 0 {
		t.Errorf("%d learners", n)
	}
}

// TestNewLearnersLimited: one address can make only so many learners an
// hour; past that the first write is a 429 with Retry-After, and nobody
// is made. Reading goes on.
func TestNewLearnersLimited(t *testing.T) {
	e := mustServe(t, func(s *setup) { s.Config.NewLearnersPerHour = 3 })
	for i := range 4 {
		b := e.browser(t)
		resp, out := b.event(t, "/modules/m1/objects/intro", csrfToken(t, b.page(t, "/modules/m1/objects/intro")), `{"type":"ping"}`)
		want := http.StatusOK
		if i == 3 {
			want = http.StatusTooManyRequests
		}
		if resp.StatusCode != want {
			t.Fatalf("visitor %d: status %d, want %d: %v", i+1, resp.StatusCode, want, out)
		}
		if want == http.StatusTooManyRequests {
			if resp.Header.Get("Retry-After") == "" || !strings.Contains(errorMessage(t, out), "new learners") {
				t.Errorf("429 without Retry-After or a message saying why: %v %v", resp.Header, out)
			}
			b.page(t, "/") // reading is not limited
		}
	}
	if n := e.countRows(t, "learners"); n != 3 {
		t.Errorf("%d learners, want 3", n)
	}
}

// TestLearnerWritesLimited: one learner's writes are limited per minute.
func TestLearnerWritesLimited(t *testing.T) {
	e := mustServe(t, func(s *setup) { s.Config.WritesPerMinute = 5 })
	b := e.browser(t)
	const obj = "/modules/m1/objects/intro"
	csrf := csrfToken(t, b.page(t, obj))
	for i := range 6 {
		resp, out := b.event(t, obj, csrf, `{"type":"ping"}`)
		if i < 5 && resp.StatusCode != http.StatusOK || i == 5 && resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("write %d: status %d: %v", i+1, resp.StatusCode, out)
		}
	}
	if got := text(b.page(t, obj).Find("section[data-lode-object] p")); !strings.Contains(got, `{"Count":5}`) {
		t.Errorf("object shows %q: the refused write must not count", got)
	}
}

// TestClientAddressBehindProxy: rate limits count by client address. With
// no trusted proxy a forged X-Forwarded-For is ignored (every request here
// is one address); from a trusted proxy it names the client.
func TestClientAddressBehindProxy(t *testing.T) {
	newLearner := func(e *env, forwardedFor string) int {
		b := e.browser(t)
		csrf := csrfToken(t, b.page(t, "/modules/m1/objects/intro"))
		req, err := http.NewRequest(http.MethodPost, e.URL+"/api/modules/m1/objects/intro/events", strings.NewReader(`{"type":"ping"}`))
		must(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", csrf)
		req.Header.Set("X-Forwarded-For", forwardedFor)
		resp, err := b.Do(req)
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	limited := func(s *setup) { s.Config.NewLearnersPerHour = 1 }

	direct := mustServe(t, limited)
	if got := []int{newLearner(direct, "203.0.113.1"), newLearner(direct, "203.0.113.2")}; got[1] != http.StatusTooManyRequests {
		t.Errorf("no trusted proxy, forged X-Forwarded-For: statuses %v, want the second refused", got)
	}
	proxied := mustServe(t, limited, func(s *setup) { s.Core.TrustedProxies = loopback })
	got := []int{newLearner(proxied, "203.0.113.1"), newLearner(proxied, "203.0.113.2"), newLearner(proxied, "203.0.113.1")}
	if want := []int{200, 200, 429}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("behind a trusted proxy: statuses %v, want %v", got, want)
	}
}

// loopback is the test clients' address, as a trusted proxy.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
