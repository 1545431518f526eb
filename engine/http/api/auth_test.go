package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
)

// TestRouteWalk asks every API route as nobody, as a learner, as a
// signed-in administrator (whose cookie must not open the API: only a
// token does, so no request here can be forged from a browser), with a
// revoked token, an expired one, a malformed one and one never issued: each gets 401 with
// a Bearer challenge. A live token gets 200.
func TestRouteWalk(t *testing.T) {
	s := mustSite(t, backends["SQLite"](t))
	s.seed(t)
	sess, err := s.admins.SignIn(t.Context(), "ada@library.example", adminPassword)
	must(t, err)
	revoked, revokedSecret, err := s.admins.CreateToken(t.Context(), admin.CLI, "revoked", 30)
	must(t, err)
	must(t, s.admins.RevokeToken(t.Context(), admin.CLI, revoked.ID))
	// An expired token, stored as one made two days ago for a day.
	expiredSecret, made := admin.TokenPrefix+admin.RandomToken(), time.Now().Add(-48*time.Hour)
	expires := made.Add(24 * time.Hour)
	must(t, s.db.CreateToken(t.Context(), &admin.TokenAccount{Token: admin.Token{ID: "expired", Name: "expired", CreatedBy: admin.CLI,
		CreatedAt: made, ExpiresAt: &expires}, Hash: admin.TokenHash(expiredSecret)}, s.admins.Entry(admin.CLI, "token.create", "expired", nil)))
	refused := map[string]func(*http.Request){
		"anonymous":     func(*http.Request) {},
		"learner":       func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "lode_session", Value: "a-learner-session"}) },
		"administrator": func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "lode_admin", Value: sess.Token}) },
		"revoked token": func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+revokedSecret) },
		"expired token": func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+expiredSecret) },
		"unknown token": func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+admin.TokenPrefix+admin.RandomToken()) },
		"session token": func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+sess.Token) },
		"basic":         func(r *http.Request) { r.SetBasicAuth("ada@library.example", adminPassword) },
	}
	for _, route := range s.api.Routes() {
		method, path, _ := strings.Cut(route, " ")
		path = strings.NewReplacer("learners/:id", "learners/reader", ":id", "copyright").Replace(path)
		t.Run(route, func(t *testing.T) {
			for who, set := range refused {
				req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, nil)
				must(t, err)
				set(req)
				resp, err := http.DefaultClient.Do(req)
				must(t, err)
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("%s: status %d, challenge %q, want 401 with a Bearer challenge: %s", who, resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
				}
			}
			resp := s.get(t, path, "bearer "+s.token) // the scheme's name is case-insensitive
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("live token: status %d, want 200", resp.StatusCode)
			}
		})
	}
	t.Run("LastUsed", func(t *testing.T) {
		list, err := s.db.Tokens(t.Context())
		must(t, err)
		for _, tok := range list {
			if tok.Name == "tests" && tok.LastUsedAt == nil {
				t.Fatal("the token used has no last use")
			}
			if tok.Name == "revoked" && tok.LastUsedAt != nil {
				t.Fatal("a revoked token's refusals were recorded as uses")
			}
		}
	})
}
