package http_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestPageCacheKeepsPagesApart: pages are kept once rendered (web's
// pageCache), and a kept page must never reach another learner, another
// session of the same learner, or the same learner after their progress
// changed. Each page is loaded several times, so that the later loads are
// answered from the cache.
func TestPageCacheKeepsPagesApart(t *testing.T) {
	e := mustServe(t)
	const obj = "/modules/m1/objects/intro"
	paths := []string{"/", obj, "/modules/m1/summary"}
	ann, bob := e.browser(t), e.browser(t)
	ann.ping(t, obj) // the same progress for both: only the session tells their pages apart
	bob.ping(t, obj)
	annToken, bobToken := csrfToken(t, ann.page(t, obj)), csrfToken(t, bob.page(t, obj))
	if annToken == bobToken {
		t.Fatal("two learners got the same CSRF token")
	}
	for range 3 {
		for _, path := range paths {
			if got := csrfToken(t, ann.page(t, path)); got != annToken {
				t.Fatalf("ann's %s carries CSRF token %q, want hers %q", path, got, annToken)
			}
			if got := csrfToken(t, bob.page(t, path)); got != bobToken {
				t.Fatalf("bob's %s carries CSRF token %q, want his %q", path, got, bobToken)
			}
		}
	}

	t.Run("ANewSessionGetsItsOwnToken", func(t *testing.T) {
		again := e.browser(t) // ann's learner cookie alone: a new session restored from it
		base, _ := url.Parse(e.URL)
		for _, ck := range ann.Jar.Cookies(base) {
			if ck.Name == "lode_learner" {
				again.Jar.SetCookies(base, []*http.Cookie{ck})
			}
		}
		for _, path := range paths {
			if got := csrfToken(t, again.page(t, path)); got == annToken || got == bobToken {
				t.Fatalf("a new session's %s carries an old session's CSRF token %q", path, got)
			}
		}
	})
	t.Run("ProgressShowsAtOnce", func(t *testing.T) {
		before, _ := ann.page(t, obj).Find("main").Html()
		ann.ping(t, obj)
		after, _ := ann.page(t, obj).Find("main").Html()
		if before == after {
			t.Fatal("the step after another answer is the page from before it")
		}
	})
}
