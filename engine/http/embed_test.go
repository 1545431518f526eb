package http_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/lrs"
)

var testEmbedSecret = []byte("embed-secret-for-tests-0123456789")

const hostOrigin = "https://library.example"

// mustServeEmbed is a server that library.example may embed, which
// accepts launch tokens signed with testEmbedSecret.
func mustServeEmbed(t *testing.T, opts ...option) *env {
	return mustServe(t, append([]option{func(s *setup) {
		s.Config.EmbedOrigins = []string{hostOrigin}
		s.Config.EmbedSecret = testEmbedSecret
	}}, opts...)...)
}

func launchClaims(e *env, sub string) web.LaunchClaims {
	now := time.Now()
	return web.LaunchClaims{
		Claims: jwt.Claims{Issuer: "https://library.example/wp", Subject: sub, Audience: jwt.Audience{e.URL}, ID: rand.Text(),
			Expiry: jwt.NewNumericDate(now.Add(5 * time.Minute)), IssuedAt: jwt.NewNumericDate(now)},
		Name: "Ada Reader", Email: "ada@library.example", Origin: hostOrigin,
	}
}

func mustSign(t *testing.T, key any, c web.LaunchClaims) string {
	t.Helper()
	tok, err := web.SignLaunchToken(key, c)
	must(t, err)
	return tok
}

func TestEmbedFraming(t *testing.T) {
	e := mustServeEmbed(t)
	e.Module.EmbedOrigins = []string{"http://localhost:8080"}
	b := e.browser(t)
	for _, path := range []string{"/", "/modules/m1/objects/intro", "/modules/m1"} {
		t.Run("NotEmbed"+path, func(t *testing.T) {
			resp, _ := b.get(t, path)
			checkHeaders(t, resp.Header, "'none'", true)
		})
	}
	for _, path := range []string{"/embed/modules/m1/objects/intro", "/embed/modules/m1"} {
		t.Run(path, func(t *testing.T) {
			resp, doc := b.get(t, path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			checkHeaders(t, resp.Header, hostOrigin+" http://localhost:8080", false)
			if doc.Find("header, .lode-steps").Length() != 0 || doc.Find("[data-lode-object]").Length() != 1 {
				t.Error("an embed page shows the site's header or step list, or no object")
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
		})
	}
	t.Run("NoOriginsSelf", func(t *testing.T) {
		e := mustServe(t)
		resp, _ := e.browser(t).get(t, "/embed/modules/m1/objects/intro")
		checkHeaders(t, resp.Header, "'self'", false)
	})
}

// embedEvent posts a ping from an embed page as lode-frame.js does: with
// the page's bearer and CSRF token, and whatever cookies client has.
func embedEvent(t *testing.T, client *http.Client, base string, doc *goquery.Document, objectPath string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/api"+objectPath+"/events", strings.NewReader(`{"type":"ping","data":{"n":["1"]}}`))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", attr(doc.Find(`meta[name="lode-csrf"]`), "content"))
	req.Header.Set("X-Lode-Embed", attr(doc.Find(`meta[name="lode-embed-bearer"]`), "content"))
	resp, err := client.Do(req)
	must(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("not JSON: %s", raw)
	}
	return resp, out
}

// TestEmbedAnonymous: a frame without a launch token is a visitor's, who
// becomes an anonymous learner by answering, kept by partitioned cookies,
// or by the bearer alone where cookies are refused, and who can take a
// resume code to Lode.
func TestEmbedAnonymous(t *testing.T) {
	e := mustServeEmbed(t)
	const obj = "/modules/m1/objects/intro"
	noCookies := &http.Client{Timeout: 10 * time.Second}
	resp, err := noCookies.Get(e.URL + "/embed" + obj)
	must(t, err)
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	must(t, err)
	if !strings.Contains(text(doc.Find(".lode-embed-note")), "not signed in") {
		t.Errorf("no note for a visitor: %q", text(doc.Find("main")))
	}
	if n := e.countRows(t, "learners"); n != 0 {
		t.Fatalf("a visitor's page made %d learners", n)
	}
	resp, out := embedEvent(t, noCookies, e.URL, doc, obj)
	if resp.StatusCode != 200 {
		t.Fatalf("first answer: %d %v", resp.StatusCode, out)
	}
	bearer := resp.Header.Get("X-Lode-Embed")
	ck := cookieNamed(resp, "lode_embed_learner")
	if strings.HasPrefix(bearer, "v.") || bearer == "" || ck == nil || !ck.Partitioned || !ck.Secure || ck.MaxAge < 86400 {
		t.Fatalf("after the first answer: bearer %q, learner cookie %+v", bearer, ck)
	}
	t.Run("BearerAlone", func(t *testing.T) {
		doc.Find(`meta[name="lode-embed-bearer"]`).SetAttr("content", bearer)
		if resp, out := embedEvent(t, noCookies, e.URL, doc, obj); resp.StatusCode != 200 || resp.Header.Get("X-Lode-Embed") != "" {
			t.Fatalf("second answer: %d %v", resp.StatusCode, out)
		}
		if n := e.countRows(t, "learners"); n != 1 {
			t.Errorf("%d learners, want the one", n)
		}
	})
	t.Run("LearnerCookieRestores", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/embed"+obj, nil)
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		resp, err := noCookies.Do(req)
		must(t, err)
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		must(t, err)
		if b := attr(doc.Find(`meta[name="lode-embed-bearer"]`), "content"); strings.HasPrefix(b, "v.") || cookieNamed(resp, "lode_embed") == nil {
			t.Errorf("the learner cookie did not restore the learner: bearer %q", b)
		}
		if got := text(doc.Find("[data-lode-object]")); !strings.Contains(got, `"Count":2`) {
			t.Errorf("progress %q", got)
		}
	})
	t.Run("ResumeCodeOnLode", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, e.URL+"/api/embed/resume-code", nil)
		req.Header.Set("X-CSRF-Token", attr(doc.Find(`meta[name="lode-csrf"]`), "content"))
		req.Header.Set("X-Lode-Embed", bearer)
		resp, err := noCookies.Do(req)
		must(t, err)
		var got struct{ Code string }
		must(t, json.NewDecoder(resp.Body).Decode(&got))
		resp.Body.Close()
		if resp.StatusCode != 200 || got.Code == "" {
			t.Fatalf("resume code: %d %+v", resp.StatusCode, got)
		}
		b := e.browser(t)
		resp, err = b.PostForm(e.URL+"/signin/code", url.Values{"csrf_token": {csrfToken(t, b.page(t, "/signin"))}, "code": {got.Code}})
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(objectText(t, b, obj), `"Count":2`) {
			t.Errorf("signing in with the code: status %d, progress %q", resp.StatusCode, objectText(t, b, obj))
		}
	})
	t.Run("ForgedVisitorBearer", func(t *testing.T) {
		resp, err := noCookies.Get(e.URL + "/embed" + obj)
		must(t, err)
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		must(t, err)
		doc.Find(`meta[name="lode-csrf"]`).SetAttr("content", "e.chosen-by-the-attacker")
		if resp, out := embedEvent(t, noCookies, e.URL, doc, obj); resp.StatusCode != 401 || !strings.Contains(errorMessage(t, out), "not saved") {
			t.Errorf("status %d, %v", resp.StatusCode, out)
		}
	})
}

func TestEmbedLaunch(t *testing.T) {
	e := mustServeEmbed(t)
	const obj = "/modules/m1/objects/intro"
	noCookies := &http.Client{Timeout: 10 * time.Second} // a frame whose cookies the browser refuses
	launch := func(t *testing.T, token string) (*http.Response, *goquery.Document) {
		t.Helper()
		resp, err := noCookies.Get(e.URL + "/embed" + obj + "?launch=" + token)
		must(t, err)
		defer resp.Body.Close()
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		must(t, err)
		return resp, doc
	}
	var learner string
	t.Run("OK", func(t *testing.T) {
		resp, doc := launch(t, mustSign(t, testEmbedSecret, launchClaims(e, "user-42")))
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, text(doc.Find("main")))
		}
		checkHeaders(t, resp.Header, hostOrigin, false) // this launch is for library.example alone
		ck := cookieNamed(resp, "lode_embed")
		if ck == nil || !ck.Secure || !ck.Partitioned || ck.SameSite != http.SameSiteNoneMode || !ck.HttpOnly {
			t.Errorf("embed cookie %+v, want Secure, Partitioned, SameSite=None, HttpOnly", ck)
		}
		if r, out := embedEvent(t, noCookies, e.URL, doc, obj); r.StatusCode != 200 {
			t.Fatalf("event with the bearer alone: %d %v", r.StatusCode, out)
		}
		stmts, _, err := e.DB.Statements(context.Background(), lrs.StatementFilter{Limit: 50})
		must(t, err)
		if len(stmts) == 0 || stmts[0].Actor.Account == nil {
			t.Fatalf("no statements: %v", stmts)
		}
		learner = stmts[0].Actor.Account.Name
		l, err := e.DB.Learner(context.Background(), learner)
		must(t, err)
		if l.Name != "Ada Reader" || l.Email != "ada@library.example" || l.EmailVerifiedAt != nil {
			t.Errorf("learner %+v", l)
		}
	})
	t.Run("SameLearnerNextTime", func(t *testing.T) {
		_, doc := launch(t, mustSign(t, testEmbedSecret, launchClaims(e, "user-42")))
		embedEvent(t, noCookies, e.URL, doc, obj)
		stmts, _, err := e.DB.Statements(context.Background(), lrs.StatementFilter{Limit: 50})
		must(t, err)
		for _, s := range stmts {
			if s.Actor.Account.Name != learner {
				t.Errorf("statement by %q, want %q", s.Actor.Account.Name, learner)
			}
		}
	})
	t.Run("EdDSA", func(t *testing.T) {
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		must(t, err)
		e := mustServeEmbed(t, func(s *setup) { s.Config.EmbedPublicKey = pub })
		resp, err := noCookies.Get(e.URL + "/embed" + obj + "?launch=" + mustSign(t, priv, launchClaims(e, "u")))
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("status %d", resp.StatusCode)
		}
	})

	good := mustSign(t, testEmbedSecret, launchClaims(e, "user-42"))
	expired := launchClaims(e, "user-42")
	expired.Expiry = jwt.NewNumericDate(time.Now().Add(-time.Minute))
	otherAud := launchClaims(e, "user-42")
	otherAud.Audience = jwt.Audience{"https://other-lode.example"}
	otherOrigin := launchClaims(e, "user-42")
	otherOrigin.Origin = "https://evil.example"
	long := launchClaims(e, "user-42")
	long.Expiry = jwt.NewNumericDate(time.Now().Add(24 * time.Hour))
	for _, tt := range []struct {
		name, token string
		status      int
		want        string
	}{
		{"Tampered", good[:len(good)-4] + "AAAA", 401, "signature does not match"},
		{"OtherKey", mustSign(t, []byte("another-secret-0123456789abcdefghij"), launchClaims(e, "user-42")), 401, "signature does not match"},
		{"Expired", mustSign(t, testEmbedSecret, expired), 401, "has expired"},
		{"WrongAudience", mustSign(t, testEmbedSecret, otherAud), 401, "for another site (aud)"},
		{"WrongOrigin", mustSign(t, testEmbedSecret, otherOrigin), 403, `"https://evil.example", which may not embed this module`},
		{"TooLong", mustSign(t, testEmbedSecret, long), 401, "more than an hour ahead"},
		{"NotAToken", "hello", 400, "not a signed launch token"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, doc := launch(t, tt.token)
			msg := text(doc.Find("[data-lode-refused]"))
			if resp.StatusCode != tt.status || !strings.Contains(msg, tt.want) {
				t.Errorf("status %d, message %q; want %d, %q", resp.StatusCode, msg, tt.status, tt.want)
			}
			if cookieNamed(resp, "lode_embed") != nil || doc.Find("[data-lode-object]").Length() != 0 {
				t.Error("a refused launch started a session or showed the object")
			}
			checkHeaders(t, resp.Header, hostOrigin, false) // shown in the frame
		})
	}
	t.Run("NothingRecordedWhenRefused", func(t *testing.T) {
		stmts, _, err := e.DB.Statements(context.Background(), lrs.StatementFilter{Limit: 50})
		must(t, err)
		for _, s := range stmts {
			if s.Actor.Account.Name != learner {
				t.Errorf("a refused launch recorded %q", s.Actor.Account.Name)
			}
		}
	})
	t.Run("Replayed", func(t *testing.T) {
		token := mustSign(t, testEmbedSecret, launchClaims(e, "user-42"))
		if resp, _ := launch(t, token); resp.StatusCode != 200 {
			t.Fatalf("first use: status %d", resp.StatusCode)
		}
		resp, doc := launch(t, token)
		if msg := text(doc.Find("[data-lode-refused]")); resp.StatusCode != 401 || !strings.Contains(msg, "used already") {
			t.Errorf("second use: status %d, %q", resp.StatusCode, msg)
		}
		// The signature's last character has spare bits: the same token
		// spelt another way verifies too, and is the same token.
		const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		last := strings.IndexByte(b64, token[len(token)-1])
		respelt := token[:len(token)-1] + string(b64[last^1])
		resp, doc = launch(t, respelt)
		if msg := text(doc.Find("[data-lode-refused]")); resp.StatusCode != 401 || !strings.Contains(msg, "used already") {
			t.Errorf("the token spelt another way: status %d, %q", resp.StatusCode, msg)
		}
	})
	t.Run("ModuleStepsWithoutCookies", func(t *testing.T) {
		// lode-frame.js posts the bearer with the pager's links.
		resp, err := noCookies.Get(e.URL + "/embed/modules/m1?launch=" + mustSign(t, testEmbedSecret, launchClaims(e, "user-42")))
		must(t, err)
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		must(t, err)
		next := attr(doc.Find(".lode-pager a[rel=next]"), "href")
		bearer := attr(doc.Find(`meta[name="lode-embed-bearer"]`), "content")
		if next == "" {
			t.Fatalf("no Next link: %s", text(doc.Find("main")))
		}
		resp, err = noCookies.PostForm(e.URL+next, url.Values{"bearer": {bearer}})
		must(t, err)
		doc, err = goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		must(t, err)
		got := attr(doc.Find(`meta[name="lode-embed-bearer"]`), "content")
		if resp.StatusCode != 200 || text(doc.Find("h1")) != "Practice" || strings.HasPrefix(got, "v.") || !strings.Contains(got, "."+learner+".") {
			t.Errorf("next step: status %d, %q, bearer %q; want Practice for %s", resp.StatusCode, text(doc.Find("h1")), got, learner)
		}
		resp, err = noCookies.PostForm(e.URL+next, url.Values{"bearer": {bearer + "x"}})
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("a forged bearer: status %d", resp.StatusCode)
		}
	})
	t.Run("ForgedBearer", func(t *testing.T) {
		_, doc := launch(t, good)
		b := doc.Find(`meta[name="lode-embed-bearer"]`)
		v := attr(b, "content")
		b.SetAttr("content", strings.Replace(v, ".", "x.", 1))
		resp, out := embedEvent(t, noCookies, e.URL, doc, obj)
		if resp.StatusCode != 401 || !strings.Contains(errorMessage(t, out), "not saved") {
			t.Errorf("status %d, %v", resp.StatusCode, out)
		}
	})
}

func TestOEmbed(t *testing.T) {
	e := mustServeEmbed(t)
	get := func(t *testing.T, query string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Get(e.URL + "/oembed?" + query)
		must(t, err)
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	for _, tt := range []struct{ name, url, src, title string }{
		{"Object", e.URL + "/modules/m1/objects/intro", e.URL + "/embed/modules/m1/objects/intro", "Welcome – Reference interviews"},
		{"Module", e.URL + "/modules/m1", e.URL + "/embed/modules/m1", "Reference interviews"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, out := get(t, "format=json&url="+tt.url)
			if status != 200 {
				t.Fatalf("status %d %v", status, out)
			}
			// oEmbed 1.0, section 2.3.4: type and version always; rich: html, width, height.
			for _, f := range []string{"type", "version", "html", "width", "height", "title", "provider_name", "provider_url"} {
				if _, ok := out[f]; !ok {
					t.Errorf("no %s in %v", f, out)
				}
			}
			html, _ := out["html"].(string)
			if out["type"] != "rich" || out["version"] != "1.0" || out["title"] != tt.title ||
				!strings.Contains(html, `src="`+tt.src+`"`) || !strings.Contains(html, `loading="lazy"`) || !strings.Contains(html, `allow="fullscreen"`) {
				t.Errorf("answer %v", out)
			}
		})
	}
	t.Run("Discovery", func(t *testing.T) {
		// As WordPress does: read the page's oEmbed link, then ask it.
		b := e.browser(t)
		for _, page := range []string{"/modules/m1/objects/practice", "/modules/m1"} {
			link := b.page(t, page).Find(`head link[rel="alternate"][type="application/json+oembed"]`)
			href := attr(link, "href")
			if link.Length() != 1 || !strings.HasPrefix(href, e.URL+"/oembed?") {
				t.Fatalf("%s: discovery link %q", page, href)
			}
			status, out := get(t, strings.TrimPrefix(href, e.URL+"/oembed?"))
			if html, _ := out["html"].(string); status != 200 || !strings.Contains(html, e.URL+"/embed"+page) {
				t.Errorf("%s: %d %v", page, status, out)
			}
		}
		for _, page := range []string{"/", "/profile", "/embed/modules/m1"} {
			if b.page(t, page).Find(`link[type="application/json+oembed"]`).Length() != 0 {
				t.Errorf("%s has an oEmbed link", page)
			}
		}
	})
	t.Run("MaxWidth", func(t *testing.T) {
		_, out := get(t, "url="+e.URL+"/modules/m1&maxwidth=320&maxheight=900")
		if out["width"] != 320.0 || out["height"] != 240.0 {
			t.Errorf("size %v x %v, want 320 x 240", out["width"], out["height"])
		}
	})
	for _, tt := range []struct {
		name, query string
		status      int
	}{
		{"XML", "format=xml&url=" + e.URL + "/modules/m1", 501},
		{"OtherPage", "url=" + e.URL + "/profile", 404},
		{"OtherSite", "url=https://elsewhere.example/modules/m1", 404},
		{"NoSuchModule", "url=" + e.URL + "/modules/nope", 404},
		{"NoURL", "format=json", 400},
		{"BadWidth", "url=" + e.URL + "/modules/m1&maxwidth=wide", 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if status, out := get(t, tt.query); status != tt.status {
				t.Errorf("status %d, want %d: %v", status, tt.status, out)
			}
		})
	}
}

func TestEmbedRefusesOtherSites(t *testing.T) {
	e := mustServeEmbed(t)
	for _, tt := range []struct {
		referer string
		status  int
	}{
		{"https://evil.example/page", 403},
		{hostOrigin + "/course/1", 200},
		{"", 200}, // no-referrer: the browser's frame-ancestors check alone
	} {
		t.Run(tt.referer, func(t *testing.T) {
			token := mustSign(t, testEmbedSecret, launchClaims(e, "user-7")) // a launch token is good once
			req, err := http.NewRequest(http.MethodGet, e.URL+"/embed/modules/m1/objects/intro?launch="+token, nil)
			must(t, err)
			req.Header.Set("Sec-Fetch-Dest", "iframe")
			if tt.referer != "" {
				req.Header.Set("Referer", tt.referer)
			}
			resp, err := http.DefaultClient.Do(req)
			must(t, err)
			resp.Body.Close()
			if resp.StatusCode != tt.status || tt.status == 403 && cookieNamed(resp, "lode_embed") != nil {
				t.Errorf("status %d, want %d; cookies %v", resp.StatusCode, tt.status, resp.Cookies())
			}
		})
	}
}
