package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
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
	// An author given no module: the editor's list and nothing else.
	s.addAdministrator(t, "otto@library.example", admin.RoleAuthor)
	authorClient := s.client(t)
	_, authorToken := s.signIn(t, authorClient, "otto@library.example", password)
	for _, r := range s.server.Routes() {
		method, path, _ := strings.Cut(r, " ")
		path = strings.NewReplacer(":id", "copyright", ":oid", "welcome", ":n", "0", "*", "media/a.vtt").Replace(path)
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
			if want := authorStatus(path); want != 0 {
				if got := s.as(t, authorClient, authorToken, method, path); got != want {
					t.Errorf("an author given no module: status %d, want %d", got, want)
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

// authorStatus is what an author with no role on any module gets: the
// editor's list and the start of a module, a redirect from /admin to the
// editor; 403 for everything else. 0: not asked (signing out).
func authorStatus(path string) int {
	switch path {
	case "/admin/signout", "/admin/editor":
		return 0
	case "/admin":
		return http.StatusSeeOther
	}
	return http.StatusForbidden
}

// as sends one request as c with its CSRF token, and returns the status.
func (s *site) as(t *testing.T, c *http.Client, token, method, path string, revision ...int) int {
	t.Helper()
	rev := "1"
	if len(revision) > 0 {
		rev = strconv.Itoa(revision[0])
	}
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(url.Values{"csrf_token": {token}, "revision": {rev}, "module": {"copyright"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// addAdministrator adds someone with a role, password the same as ada's.
func (s *site) addAdministrator(t *testing.T, email string, role admin.Role) {
	t.Helper()
	if _, err := (&admin.Admins{Store: s.db}).CreateRole(t.Context(), admin.CLI, email, password, role); err != nil {
		t.Fatal(err)
	}
}
