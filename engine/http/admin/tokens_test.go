package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

func TestTokensPage(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, csrfToken := s.signIn(t, c, "ada@library.example", password)
	resp, err := c.PostForm(s.URL+"/admin/tokens", url.Values{"csrf_token": {csrfToken}, "name": {"State library registry"}, "expires_days": {"30"}})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: status %d, %v", resp.StatusCode, err)
	}
	secret := doc.Find("#token-secret").Text()
	if !strings.HasPrefix(secret, admin.TokenPrefix) {
		t.Fatalf("the new token is not shown: %q", secret)
	}
	admins := s.server.Admins
	tok, err := admins.Authenticate(t.Context(), secret)
	if err != nil {
		t.Fatalf("the token shown: %v", err)
	}
	if tok.Name != "State library registry" || tok.CreatedBy != "ada@library.example" || tok.ExpiresAt == nil || tok.ExpiresAt.Sub(tok.CreatedAt) != 30*24*time.Hour {
		t.Fatalf("token %+v, want its name, its creator and 30 days to live", tok)
	}
	_, doc = get(t, c, s.URL+"/admin/tokens")
	if html, _ := doc.Html(); strings.Contains(html, secret) || !strings.Contains(html, tok.ID) {
		t.Fatal("the list shows the secret again, or not the token's id")
	}
	if r := post(t, c, s.URL+"/admin/tokens/revoke", url.Values{"csrf_token": {csrfToken}, "id": {tok.ID}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", r.StatusCode)
	}
	if _, err := admins.Authenticate(t.Context(), secret); engine.ErrorCode(err) != engine.EUNAUTHORIZED {
		t.Fatalf("a revoked token authenticates: %v", err)
	}
	log, err := s.db.AuditLog(t.Context(), 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "token.revoke" || log[1].Action != "token.create" || log[0].Target != tok.ID || log[0].Actor != "ada@library.example" {
		t.Fatalf("audit log %+v, want token.create then token.revoke of %s by ada", log, tok.ID)
	}
	for name, tc := range map[string]struct {
		path string
		form url.Values
		want int
	}{
		"NoName":        {"/admin/tokens", url.Values{"name": {"  "}, "expires_days": {"0"}}, http.StatusBadRequest},
		"NotDays":       {"/admin/tokens", url.Values{"name": {"x"}, "expires_days": {"soon"}}, http.StatusBadRequest},
		"NegativeDays":  {"/admin/tokens", url.Values{"name": {"x"}, "expires_days": {"-1"}}, http.StatusBadRequest},
		"RevokedAgain":  {"/admin/tokens/revoke", url.Values{"id": {tok.ID}}, http.StatusConflict},
		"UnknownRevoke": {"/admin/tokens/revoke", url.Values{"id": {"0000000000000000"}}, http.StatusNotFound},
	} {
		t.Run(name, func(t *testing.T) {
			tc.form.Set("csrf_token", csrfToken)
			if r := post(t, c, s.URL+tc.path, tc.form); r.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.want)
			}
		})
	}
}
