package http_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSessionLost: losing every session (Redis flushed) must not lose a
// learner's progress: the signed learner cookie brings the learner back.
func TestSessionLost(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	b.ping(t, "/modules/m1/objects/intro")
	before := learnerCookie(t, b, e.URL)

	e.Sessions.Flush()

	t.Run("APINeedsReload", func(t *testing.T) {
		resp, body := b.event(t, "/modules/m1/objects/intro", "whatever", `{"type":"ping"}`)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(errorMessage(t, body), "reload") {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
	})
	t.Run("PageRestoresLearner", func(t *testing.T) {
		resp, doc := b.get(t, "/modules/m1/objects/intro")
		if resp.StatusCode != http.StatusOK || cookieNamed(resp, "lode_session") == nil {
			t.Fatalf("status %d, cookies %v: want a new session", resp.StatusCode, resp.Cookies())
		}
		if got := learnerCookie(t, b, e.URL); got != before {
			t.Errorf("learner cookie changed from %q to %q", before, got)
		}
		if got := text(doc.Find("section[data-lode-object] p")); !strings.Contains(got, `{"Count":1}`) {
			t.Errorf("the learner's state is gone: %q", got)
		}
		b.ping(t, "/modules/m1/objects/intro") // and the new session works
	})
	t.Run("ForgedCookie", func(t *testing.T) {
		other := e.browser(t)
		id, _, _ := strings.Cut(before, ".")
		u, _ := url.Parse(e.URL)
		other.Jar.SetCookies(u, []*http.Cookie{{Name: "lode_learner", Value: id + ".forged", Path: "/"}})
		_, doc := other.get(t, "/")
		if doc.Find(`form[action="/signout"]`).Length() != 0 || hasJarCookie(other, e.URL, "lode_learner") {
			t.Error("a learner cookie with a wrong signature was accepted, or kept")
		}
	})
	t.Run("LearnerGone", func(t *testing.T) {
		other := e.browser(t)
		u, _ := url.Parse(e.URL)
		other.Jar.SetCookies(u, []*http.Cookie{{Name: "lode_learner", Value: signed("nobody"), Path: "/"}})
		resp, doc := other.get(t, "/")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if doc.Find(`form[action="/signout"]`).Length() != 0 || hasJarCookie(other, e.URL, "lode_learner") {
			t.Error("a learner unknown to the database was restored, or its cookie kept")
		}
	})
}

// signed is a learner cookie as the test server signs it.
func signed(id string) string {
	h := hmac.New(sha256.New, testSigningKey)
	h.Write([]byte(id))
	return id + "." + base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

func learnerCookie(t *testing.T, b *browser, base string) string {
	t.Helper()
	return jarCookie(t, b, base, "lode_learner")
}

func sessionCookie(t *testing.T, b *browser, base string) string {
	t.Helper()
	return jarCookie(t, b, base, "lode_session")
}

func hasJarCookie(b *browser, base, name string) bool {
	u, _ := url.Parse(base)
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == name {
			return true
		}
	}
	return false
}

func jarCookie(t *testing.T, b *browser, base, name string) string {
	t.Helper()
	u, _ := url.Parse(base)
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	t.Fatalf("no %s cookie", name)
	return ""
}

// TestLearnersIsolated: a learner reaches only their own data; the id
// comes from the session, and one learner's token is useless to another.
func TestLearnersIsolated(t *testing.T) {
	e := mustServe(t)
	alice, bob := e.browser(t), e.browser(t)
	aliceToken := csrfToken(t, alice.page(t, "/modules/m1/objects/intro"))
	alice.ping(t, "/modules/m1/objects/intro")
	alice.ping(t, "/modules/m1/objects/intro")

	doc := bob.page(t, "/modules/m1/objects/intro")
	if got := text(doc.Find("section[data-lode-object] p")); strings.Contains(got, "Count") {
		t.Errorf("Bob sees Alice's state: %q", got)
	}
	if resp, _ := bob.event(t, "/modules/m1/objects/intro", aliceToken, `{"type":"ping"}`); resp.StatusCode != http.StatusForbidden {
		t.Errorf("Bob with Alice's CSRF token: status %d, want 403", resp.StatusCode)
	}
	out := bob.ping(t, "/modules/m1/objects/intro")
	if got := out["html"].(string); !strings.Contains(got, `{"Count":1}`) {
		t.Errorf("Bob's first ping counted on someone else's state: %q", got)
	}
	doc = alice.page(t, "/modules/m1/objects/intro")
	if got := text(doc.Find("section[data-lode-object] p")); !strings.Contains(got, `{"Count":2}`) {
		t.Errorf("Alice's state changed: %q", got)
	}
}
