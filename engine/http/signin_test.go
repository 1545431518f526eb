package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

var linkRE = regexp.MustCompile(`https?://\S+/signin/link\?token=\S+`)

// askLink asks for a sign-in link for email from b and returns the link
// the n-th mail (from 1) carries.
func (e *env) askLink(t *testing.T, b *browser, email string, n int) string {
	t.Helper()
	doc := b.page(t, "/signin")
	resp, err := b.PostForm(e.URL+"/signin", url.Values{"csrf_token": {csrfToken(t, doc)}, "email": {email}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin?sent=1" {
		t.Fatalf("asking for a link: status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	m, err := e.Mail.Next(ctx, n)
	must(t, err)
	if len(m.To) != 1 || m.To[0] != email {
		t.Fatalf("mail to %v, want %s", m.To, email)
	}
	link := linkRE.FindString(m.Body)
	if link == "" {
		t.Fatalf("no sign-in link in %q", m.Body)
	}
	return link
}

// useLink opens the link in b and confirms; it returns the answer.
func (e *env) useLink(t *testing.T, b *browser, link string, public bool) *http.Response {
	t.Helper()
	u, err := url.Parse(link)
	must(t, err)
	doc := b.page(t, u.RequestURI())
	form := url.Values{"csrf_token": {csrfToken(t, doc)}, "token": {attr(doc.Find(`input[name="token"]`), "value")}}
	if public {
		form.Set("public", "1")
	}
	resp, err := b.PostForm(e.URL+"/signin/link", form)
	must(t, err)
	resp.Body.Close()
	return resp
}

func objectText(t *testing.T, b *browser, path string) string {
	t.Helper()
	return text(b.page(t, path).Find("section[data-lode-object] p"))
}

// TestSignIn: a learner starts anonymously, signs in with an emailed link
// and continues on another device, whose anonymous progress is merged in
// (the further progress kept); links work once; the public-computer
// choice keeps no learner cookie.
func TestSignIn(t *testing.T) {
	e := mustServe(t)
	const intro, practice = "/modules/m1/objects/intro", "/modules/m1/objects/practice"
	a := e.browser(t)
	a.ping(t, intro)
	link := e.askLink(t, a, "ada@library.example", 1)

	t.Run("LinkClaimsTheAnonymousLearner", func(t *testing.T) {
		if resp := e.useLink(t, a, link, false); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", resp.StatusCode)
		}
		doc := a.page(t, "/profile?signedin=1")
		if got := text(doc.Find(".lode-notice")); !strings.Contains(got, "signed in as ada@library.example") {
			t.Errorf("profile notice %q", got)
		}
		if n := e.countRows(t, "learners"); n != 1 {
			t.Errorf("%d learners, want the anonymous one made the account", n)
		}
		if got := objectText(t, a, intro); !strings.Contains(got, `{"Count":1}`) {
			t.Errorf("progress after signing in: %q", got)
		}
	})
	t.Run("LinkWorksOnce", func(t *testing.T) {
		if resp := e.useLink(t, e.browser(t), link, false); resp.StatusCode != http.StatusGone {
			t.Errorf("a used link: status %d, want 410", resp.StatusCode)
		}
	})
	t.Run("AnotherDeviceMergesFurtherProgress", func(t *testing.T) {
		b := e.browser(t)
		b.ping(t, intro)
		b.ping(t, practice) // further than the account's one step
		b.ping(t, practice)
		if resp := e.useLink(t, b, e.askLink(t, b, "ADA@library.example", 2), false); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for name, br := range map[string]*browser{"the new device": b, "the first device": a} {
			if got := objectText(t, br, practice); !strings.Contains(got, `{"Count":2}`) {
				t.Errorf("%s shows practice as %q, want the merged progress", name, got)
			}
		}
	})
	t.Run("LessProgressIsDropped", func(t *testing.T) {
		c := e.browser(t)
		c.ping(t, intro) // one step: the account has two
		if resp := e.useLink(t, c, e.askLink(t, c, "ada@library.example", 3), false); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if got := objectText(t, c, practice); !strings.Contains(got, `{"Count":2}`) {
			t.Errorf("practice shows %q: the account's further progress must win", got)
		}
	})
	t.Run("PublicComputer", func(t *testing.T) {
		d := e.browser(t)
		if resp := e.useLink(t, d, e.askLink(t, d, "ada@library.example", 4), true); cookieNamed(resp, "lode_learner") == nil ||
			cookieNamed(resp, "lode_learner").MaxAge >= 0 {
			t.Errorf("cookies %v: want the learner cookie deleted, not set", resp.Cookies())
		}
		if hasJarCookie(d, e.URL, "lode_learner") {
			t.Error("a public computer keeps a learner cookie")
		}
	})
	t.Run("EraseTakesTheMergedLearnersAndLinks", func(t *testing.T) {
		if n := e.countRows(t, "learners"); n < 2 {
			t.Fatalf("%d learners: the merges above should have left merged ones", n)
		}
		resp, err := a.PostForm(e.URL+"/profile/erase", url.Values{"csrf_token": {csrfToken(t, a.page(t, "/profile"))}, "confirm": {"yes"}})
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("erase: status %d", resp.StatusCode)
		}
		for _, table := range []string{"learners", "registrations", "object_states", "statements", "sign_in_tokens"} {
			if n := e.countRows(t, table); n != 0 {
				t.Errorf("%d rows in %s after erasing the account", n, table)
			}
		}
	})
	t.Run("BadEmail", func(t *testing.T) {
		doc := a.page(t, "/signin")
		resp, err := a.PostForm(e.URL+"/signin", url.Values{"csrf_token": {csrfToken(t, doc)}, "email": {"not an email"}})
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
	})
}

// TestSignInAfterSignOut: signing out revokes every learner cookie issued
// before; signing in again issues one of the new generation, which
// restores the learner after the browser's session is gone.
func TestSignInAfterSignOut(t *testing.T) {
	e := mustServe(t)
	a := e.browser(t)
	a.ping(t, "/modules/m1/objects/intro")
	e.useLink(t, a, e.askLink(t, a, "ada@library.example", 1), false)
	resp, err := a.PostForm(e.URL+"/signout", url.Values{"csrf_token": {csrfToken(t, a.page(t, "/profile"))}})
	must(t, err)
	resp.Body.Close()
	e.useLink(t, a, e.askLink(t, a, "ada@library.example", 2), false)
	e.Sessions.Flush() // the browser restarts, or Redis does
	if got := objectText(t, a, "/modules/m1/objects/intro"); !strings.Contains(got, `{"Count":1}`) {
		t.Errorf("after signing in again and losing the session: %q", got)
	}
}

// TestResumeCode: a code made on one device signs in on another; a wrong
// code says so; guessing is limited.
func TestResumeCode(t *testing.T) {
	e := mustServe(t)
	a := e.browser(t)
	a.ping(t, "/modules/m1/objects/intro")
	resp, err := a.PostForm(e.URL+"/profile/resume-code", url.Values{"csrf_token": {csrfToken(t, a.page(t, "/profile"))}})
	must(t, err)
	doc := parse(t, resp)
	code := text(doc.Find(".lode-code"))
	if !regexp.MustCompile(`^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$`).MatchString(code) {
		t.Fatalf("resume code %q", code)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the page with the code is cacheable: %q", resp.Header.Get("Cache-Control"))
	}
	try := func(b *browser, code string) int {
		resp, err := b.PostForm(e.URL+"/signin/code", url.Values{"csrf_token": {csrfToken(t, b.page(t, "/signin"))}, "code": {code}})
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	b := e.browser(t)
	if got := try(b, strings.ToLower(strings.ReplaceAll(code, "-", " "))); got != http.StatusSeeOther {
		t.Fatalf("the code, typed loosely: status %d", got)
	}
	if got := objectText(t, b, "/modules/m1/objects/intro"); !strings.Contains(got, `{"Count":1}`) {
		t.Errorf("progress on the second device: %q", got)
	}
	c := e.browser(t)
	if got := try(c, "AAAA-BBBB-CCCC"); got != http.StatusBadRequest {
		t.Errorf("a wrong code: status %d, want 400", got)
	}
	statuses := map[int]int{}
	for range 10 {
		statuses[try(c, "AAAA-BBBB-CCCC")]++
	}
	if statuses[http.StatusTooManyRequests] == 0 {
		t.Errorf("11 wrong codes a minute from one address: statuses %v, want 429s", statuses)
	}
}

// TestSignInLinksLimited: each link sends a mail, so an address gets only
// so many an hour.
func TestSignInLinksLimited(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	var last int
	for range 6 {
		doc := b.page(t, "/signin")
		resp, err := b.PostForm(e.URL+"/signin", url.Values{"csrf_token": {csrfToken(t, doc)}, "email": {"ada@library.example"}})
		must(t, err)
		resp.Body.Close()
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("the sixth link to one address in an hour: status %d, want 429", last)
	}
}

// parse reads an answer's HTML and closes it.
func parse(t *testing.T, resp *http.Response) *goquery.Document {
	t.Helper()
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	must(t, err)
	return doc
}

// TestSignInMailInLearnersLanguage: the sign-in mail is in the language
// of the pages the learner asked for it from.
func TestSignInMailInLearnersLanguage(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	resp, err := b.Get(e.URL + "/language/es?to=/signin") // the header's language switch
	must(t, err)
	resp.Body.Close()
	e.askLink(t, b, "ana@biblioteca.test", 1)
	m, err := e.Mail.Next(t.Context(), 1)
	must(t, err)
	if !strings.Contains(m.Subject, "Inicie sesión") || !strings.Contains(m.Body, "El enlace funciona una sola vez") {
		t.Errorf("the mail asked for from Spanish pages: %q\n%s", m.Subject, m.Body)
	}
}
