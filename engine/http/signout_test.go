package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSignOut: on a shared desk computer, the next patron must not see the
// last one's profile, and a copied learner cookie must not bring the
// learner back once they signed out.
func TestSignOut(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/profile")
	token := csrfToken(t, doc)
	resp, _ := b.postForm(t, "/profile", url.Values{"csrf_token": {token}, "name": {"Ada Reader"}, "email": {"ada@library.org"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the profile: status %d", resp.StatusCode)
	}
	copied, oldSession := learnerCookie(t, b, e.URL), sessionCookie(t, b, e.URL)

	t.Run("Buttons", func(t *testing.T) {
		doc := b.page(t, "/profile")
		for _, where := range []string{"header", "main"} {
			form := doc.Find(where + ` form[action="/signout"][method=post]`)
			if form.Length() != 1 || attr(form.Find(`input[name=csrf_token]`), "value") != token ||
				text(form.Find(`button[type=submit]`)) != "Sign out" {
				t.Errorf("%s: want one sign-out form with the CSRF token and a Sign out button", where)
			}
		}
	})
	t.Run("WithoutToken", func(t *testing.T) {
		resp, doc := b.postForm(t, "/signout", url.Values{"csrf_token": {"stale"}})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(text(doc.Find("main")), "CSRF token") {
			t.Fatalf("status %d, %q: want 403 naming the CSRF token", resp.StatusCode, text(doc.Find("main")))
		}
		if got := attr(b.page(t, "/profile").Find("input#name"), "value"); got != "Ada Reader" {
			t.Fatalf("a refused sign-out signed out: the profile shows %q", got)
		}
	})

	resp, _ = b.postForm(t, "/signout", url.Values{"csrf_token": {token}})
	t.Run("Redirects", func(t *testing.T) {
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/?signedout=1" {
			t.Fatalf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		for _, name := range []string{"lode_session", "lode_learner"} {
			if c := cookieNamed(resp, name); c == nil || c.MaxAge >= 0 || c.Value != "" {
				t.Errorf("%s: %+v, want it cleared", name, c)
			}
		}
	})
	t.Run("StatusMessage", func(t *testing.T) {
		doc := b.page(t, "/?signedout=1")
		checkLayout(t, doc)
		if msg := doc.Find(`main [role=status]`); !strings.Contains(text(msg), "signed out") {
			t.Errorf("status message %q", text(msg))
		}
	})
	t.Run("ProfileEmpty", func(t *testing.T) {
		doc := b.page(t, "/profile")
		if n, m := attr(doc.Find("input#name"), "value"), attr(doc.Find("input#email"), "value"); n != "" || m != "" {
			t.Errorf("after sign-out the profile shows %q <%s>", n, m)
		}
	})
	t.Run("CopiedCookieRevoked", func(t *testing.T) {
		thief := e.browser(t)
		u, _ := url.Parse(e.URL)
		thief.Jar.SetCookies(u, []*http.Cookie{{Name: "lode_learner", Value: copied, Path: "/"}})
		doc := thief.page(t, "/profile")
		if n := attr(doc.Find("input#name"), "value"); n != "" {
			t.Errorf("a copied learner cookie restored %q after sign-out", n)
		}
		if hasJarCookie(thief, e.URL, "lode_learner") {
			t.Error("the revoked learner cookie was kept")
		}
	})
	t.Run("OldSessionEnded", func(t *testing.T) {
		other := e.browser(t)
		u, _ := url.Parse(e.URL)
		other.Jar.SetCookies(u, []*http.Cookie{{Name: "lode_session", Value: oldSession, Path: "/"}})
		resp, body := other.event(t, "/modules/m1/objects/intro", token, `{"type":"ping"}`)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("the signed-out session still answers: status %d, %v", resp.StatusCode, body)
		}
	})
}
