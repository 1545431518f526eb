package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A content type's form posted without JavaScript is applied as an event
// and answered with a redirect to the object; another site's page cannot
// post one for the learner.
func TestFormEvent(t *testing.T) {
	e := mustServe(t)
	const obj = "/modules/m1/objects/intro"
	b := e.browser(t)
	b.page(t, obj)
	post := func(t *testing.T, query string, header map[string]string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, b.base+obj+query, strings.NewReader(url.Values{"answer": {"b"}}.Encode()))
		must(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := b.Do(req)
		must(t, err)
		resp.Body.Close()
		return resp
	}
	count := func(t *testing.T) string {
		t.Helper()
		return text(b.page(t, obj).Find("[data-lode-object] p"))
	}

	t.Run("CrossSite", func(t *testing.T) {
		if resp := post(t, "?event=ping", map[string]string{"Sec-Fetch-Site": "cross-site"}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
		if resp := post(t, "?event=ping", map[string]string{"Origin": "https://evil.example"}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("with a foreign Origin: status %d, want 403", resp.StatusCode)
		}
		if got := count(t); got != "Welcome:" {
			t.Errorf("after refused posts the object shows %q", got)
		}
	})
	t.Run("NoEvent", func(t *testing.T) {
		if resp := post(t, "", nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if n := e.countRows(t, "learners"); n != 0 {
			t.Errorf("%d learners after refused posts, want 0", n)
		}
		resp := post(t, "?event=ping", map[string]string{"Sec-Fetch-Site": "same-origin"}) // a visitor's first answer
		if n := e.countRows(t, "learners"); n != 1 {
			t.Errorf("%d learners after a visitor's first answer, want 1", n)
		}
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != obj {
			t.Fatalf("status %d to %q, want 303 to %s", resp.StatusCode, resp.Header.Get("Location"), obj)
		}
		if got := count(t); got != `Welcome: {"Count":1}` {
			t.Errorf("after the post the object shows %q", got)
		}
	})
}
