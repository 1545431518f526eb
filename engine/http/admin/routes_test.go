package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

// TestRouteWalk asks every signed-in route as nobody, as a learner (a
// learner's session cookie means nothing here) and as an administrator.
func TestRouteWalk(t *testing.T) {
	s := mustSite(t)
	// Every :id below is "copyright": a module, and here a learner too.
	if err := s.db.CreateLearner(t.Context(), &learning.Learner{ID: "copyright"}); err != nil {
		t.Fatal(err)
	}
	adminClient := s.client(t)
	_, token := s.signIn(t, adminClient, "ada@library.example", password)
	for _, r := range s.server.Routes() {
		method, path, _ := strings.Cut(r, " ")
		path = strings.ReplaceAll(path, ":id", "copyright")
		t.Run(r, func(t *testing.T) {
			for _, who := range []string{"anonymous", "learner"} {
				c := s.client(t)
				req, _ := http.NewRequest(method, s.URL+path, strings.NewReader("csrf_token=x"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if who == "learner" {
					req.AddCookie(&http.Cookie{Name: "lode_session", Value: "a-learner-session"})
				}
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				switch {
				case method == http.MethodGet && (resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/signin"):
					t.Errorf("%s: status %d to %q, want a redirect to /admin/signin", who, resp.StatusCode, resp.Header.Get("Location"))
				case method != http.MethodGet && resp.StatusCode != http.StatusUnauthorized:
					t.Errorf("%s: status %d, want 401", who, resp.StatusCode)
				}
			}
			if method == http.MethodGet {
				if resp, _ := get(t, adminClient, s.URL+path); resp.StatusCode != http.StatusOK {
					t.Errorf("administrator: status %d, want 200", resp.StatusCode)
				}
				return
			}
			if resp := post(t, adminClient, s.URL+path, url.Values{"csrf_token": {"forged"}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("administrator without the CSRF token: status %d, want 403", resp.StatusCode)
			}
		})
	}
	if token == "" {
		t.Fatal("the administrator did not sign in")
	}
}
