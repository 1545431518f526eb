package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestEmbedHandle: where even partitioned cookies are gone, the host page
// keeps a handle for its anonymous learner and the frame posts it back.
// Lode accepts it only from the origin it was issued for.
func TestEmbedHandle(t *testing.T) {
	const otherAllowed = "http://localhost:8080"
	e := mustServeEmbed(t)
	e.Module.EmbedOrigins = []string{otherAllowed}
	const obj = "/modules/m1/objects/intro"
	noCookies := &http.Client{Timeout: 10 * time.Second}

	doc := embedPageFor(t, noCookies, http.MethodGet, e.URL+"/embed"+obj, nil)
	if got := identityMeta(doc); got != "ask" {
		t.Fatalf("a visitor's page: lode-embed-identity %q, want ask", got)
	}
	handle, learnerCookie := firstAnswerHandle(t, noCookies, e.URL, doc, obj, hostOrigin)
	if handle == "" || strings.Contains(handle, learnerIDOf(t, doc)) {
		t.Fatalf("handle %q: want an opaque one", handle)
	}

	t.Run("SameOriginContinues", func(t *testing.T) {
		doc := postHandle(t, noCookies, e.URL+"/embed"+obj, handle, hostOrigin)
		if b := bearerOf(doc); strings.HasPrefix(b, "v.") {
			t.Errorf("the handle did not restore the learner: bearer %q", b)
		}
		if got := text(doc.Find("[data-lode-object]")); !strings.Contains(got, `"Count":1`) {
			t.Errorf("progress %q, want the first answer's", got)
		}
		if got := identityMeta(doc); got != "" {
			t.Errorf("a learner's page asks the host: %q", got)
		}
		if n := e.countRows(t, "learners"); n != 1 {
			t.Errorf("%d learners, want the one", n)
		}
	})
	t.Run("PagesCarryHandles", func(t *testing.T) {
		// The host page may have no handle yet (its script came later, or
		// its storage was cleared): an anonymous learner's pages give one.
		want := hostOrigin + " " + handle
		restored := postHandle(t, noCookies, e.URL+"/embed"+obj, handle, hostOrigin)
		if got := attr(restored.Find(`meta[name="lode-embed-handles"]`), "content"); !strings.HasPrefix(got, want+" "+otherAllowed+" h1.") {
			t.Errorf("a page restored by the handle carries handles %q, want %q and one for %s", got, want, otherAllowed)
		}
		if got := handlesOf(t, noCookies, e.URL+"/embed"+obj, learnerCookie); !strings.HasPrefix(got, want) {
			t.Errorf("a page restored by the learner cookie carries handles %q, want %q first", got, want)
		}
		if got := handlesOf(t, noCookies, e.URL+"/embed"+obj+"?launch="+mustSign(t, testEmbedSecret, launchClaims(e, "wp-7")), learnerCookie); got != "" {
			t.Errorf("a launch's page carries handles %q: the site knows its user, a handle would outlive them", got)
		}
	})
	refused := map[string]url.Values{
		"OtherAllowedOrigin": {"handle": {handle}, "handle_origin": {otherAllowed}},
		"Tampered":           {"handle": {handle[:len(handle)-2] + "AA"}, "handle_origin": {hostOrigin}},
		"NotAHandle":         {"handle": {"learner-1"}, "handle_origin": {hostOrigin}},
		"NoOrigin":           {"handle": {handle}},
	}
	for name, form := range refused {
		t.Run(name, func(t *testing.T) {
			doc := embedPageFor(t, noCookies, http.MethodPost, e.URL+"/embed"+obj, fromVisitorPage(t, noCookies, e.URL+"/embed"+obj, form))
			if b := bearerOf(doc); !strings.HasPrefix(b, "v.") {
				t.Errorf("a refused handle gave the learner's bearer %q", b)
			}
			if got := identityMeta(doc); got != "refused" {
				t.Errorf("lode-embed-identity %q, want refused (the host forgets it)", got)
			}
			if got := text(doc.Find("main")); strings.Contains(got, "refused") || strings.Contains(got, "handle") {
				t.Errorf("the learner is told about the handle: %q", got)
			}
		})
	}
	t.Run("WithoutThePagesBearer", func(t *testing.T) {
		// A content type's form in the page could post someone's handle;
		// without the page's own bearer and token it is no handle at all.
		doc := embedPageFor(t, noCookies, http.MethodPost, e.URL+"/embed"+obj, url.Values{"handle": {handle}, "handle_origin": {hostOrigin}})
		if b := bearerOf(doc); !strings.HasPrefix(b, "v.") {
			t.Errorf("a handle posted without the page's bearer restored its learner: %q", b)
		}
	})
	t.Run("SignedInLearner", func(t *testing.T) {
		// Once the learner has signed in, their handle in the library's
		// storage no longer brings them back: the next patron at the
		// computer would be them.
		doc := embedPageFor(t, noCookies, http.MethodGet, e.URL+"/embed"+obj, nil)
		h, ck := firstAnswerHandle(t, noCookies, e.URL, doc, obj, hostOrigin)
		id := learnerIDOf(t, postHandle(t, noCookies, e.URL+"/embed"+obj, h, hostOrigin))
		must(t, e.DB.VerifyEmail(t.Context(), id, "ada@library.test", time.Now()))
		back := postHandle(t, noCookies, e.URL+"/embed"+obj, h, hostOrigin)
		if b := bearerOf(back); !strings.HasPrefix(b, "v.") || identityMeta(back) != "refused" {
			t.Errorf("a signed-in learner's handle: bearer %q, identity %q; want a visitor's page and the host told to forget it", b, identityMeta(back))
		}
		// Nor does the partitioned learner cookie the frame kept.
		req, err := http.NewRequest(http.MethodGet, e.URL+"/embed"+obj, nil)
		must(t, err)
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		resp, err := noCookies.Do(req)
		must(t, err)
		defer resp.Body.Close()
		page, err := goquery.NewDocumentFromReader(resp.Body)
		must(t, err)
		if b := bearerOf(page); strings.Count(b, ".") == 3 {
			t.Errorf("a signed-in learner's embed cookie restored them: bearer %q", b)
		}
	})
	t.Run("MintedForANotAllowedOrigin", func(t *testing.T) {
		// The frame names its origin when the handle is minted; a handle for a
		// site that may not embed the module is of no use, even when signed.
		doc := embedPageFor(t, noCookies, http.MethodGet, e.URL+"/embed"+obj, nil)
		evil, _ := firstAnswerHandle(t, noCookies, e.URL, doc, obj, "https://evil.example")
		if b := bearerOf(postHandle(t, noCookies, e.URL+"/embed"+obj, evil, "https://evil.example")); !strings.HasPrefix(b, "v.") {
			t.Errorf("a handle for a site not allowed to embed restored its learner: %q", b)
		}
	})
}

func embedPageFor(t *testing.T, client *http.Client, method, u string, form url.Values) *goquery.Document {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(form.Encode()))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	must(t, err)
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: status %d", method, u, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	must(t, err)
	return doc
}

func postHandle(t *testing.T, client *http.Client, u, handle, origin string) *goquery.Document {
	t.Helper()
	return embedPageFor(t, client, http.MethodPost, u, fromVisitorPage(t, client, u, url.Values{"handle": {handle}, "handle_origin": {origin}}))
}

// fromVisitorPage adds to form what lode-frame.js posts with a handle: the
// bearer and CSRF token of a visitor's page at u.
func fromVisitorPage(t *testing.T, client *http.Client, u string, form url.Values) url.Values {
	t.Helper()
	page := embedPageFor(t, client, http.MethodGet, u, nil)
	out := url.Values{"bearer": {bearerOf(page)}, "csrf_token": {attr(page.Find(`meta[name="lode-csrf"]`), "content")}}
	for k, v := range form {
		out[k] = v
	}
	return out
}

// firstAnswerHandle answers as a visitor's frame at origin does, and
// returns the handle the answer hands over, and the learner cookie.
func firstAnswerHandle(t *testing.T, client *http.Client, base string, doc *goquery.Document, obj, origin string) (string, *http.Cookie) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/api"+obj+"/events", strings.NewReader(`{"type":"ping","data":{"n":["1"]}}`))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", attr(doc.Find(`meta[name="lode-csrf"]`), "content"))
	req.Header.Set("X-Lode-Embed", bearerOf(doc))
	req.Header.Set("X-Lode-Embed-Origin", origin)
	resp, err := client.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("first answer: status %d", resp.StatusCode)
	}
	doc.Find(`meta[name="lode-embed-bearer"]`).SetAttr("content", resp.Header.Get("X-Lode-Embed"))
	return resp.Header.Get("X-Lode-Embed-Handle"), cookieNamed(resp, "lode_embed_learner")
}

// learnerIDOf is the learner id the page's (learner's) bearer names.
func learnerIDOf(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	parts := strings.Split(bearerOf(doc), ".")
	if len(parts) != 4 {
		t.Fatalf("not a learner's bearer: %q", bearerOf(doc))
	}
	return parts[1]
}

func bearerOf(doc *goquery.Document) string {
	return attr(doc.Find(`meta[name="lode-embed-bearer"]`), "content")
}

func identityMeta(doc *goquery.Document) string {
	return attr(doc.Find(`meta[name="lode-embed-identity"]`), "content")
}

// handlesOf is the lode-embed-handles of the page at u, asked with ck.
func handlesOf(t *testing.T, client *http.Client, u string, ck *http.Cookie) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	must(t, err)
	req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	resp, err := client.Do(req)
	must(t, err)
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	must(t, err)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d: %s", u, resp.StatusCode, text(doc.Find("main")))
	}
	return attr(doc.Find(`meta[name="lode-embed-handles"]`), "content")
}

// TestEmbedPostBodyBounded: fields posted to an embed page are read before
// anyone is known; a body past the limit is refused, not parsed.
func TestEmbedPostBodyBounded(t *testing.T) {
	e := mustServeEmbed(t)
	body := url.Values{"handle": {strings.Repeat("h", 128<<10)}, "handle_origin": {hostOrigin}}.Encode()
	resp, err := http.Post(e.URL+"/embed/modules/m1/objects/intro", "application/x-www-form-urlencoded", strings.NewReader(body))
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 128 KiB form: status %d, want 413", resp.StatusCode)
	}
}
