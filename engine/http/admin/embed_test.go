package admin_test

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The embed allow-list is edited in the admin area: a list saved there
// replaces the configuration's at once (the learner's side reads the
// same EmbedSites), a bad line is refused naming it and changes nothing,
// and a reset goes back to the configuration's; each change is audited.
func TestEmbedAllowList(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	configured := []string{"https://lms.library.example"}

	r := post(t, c, s.URL+"/admin/embed", url.Values{"csrf_token": {token}, "origins": {"https://library.example\n\nhttp://localhost:8081\n"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", r.StatusCode)
	}
	want := []string{"https://library.example", "http://localhost:8081"}
	if got := s.server.EmbedSites.List(); !slices.Equal(got, want) {
		t.Fatalf("in force after saving: %v, want %v", got, want)
	}
	_, doc := get(t, c, s.URL+"/admin/embed")
	if got := doc.Find("#origins").Text(); got != strings.Join(want, "\n") {
		t.Fatalf("the form shows %q", got)
	}
	if !strings.Contains(doc.Text(), "Set here by ada@library.example") {
		t.Fatal("the page does not say who set the list")
	}

	resp, err := c.PostForm(s.URL+"/admin/embed", url.Values{"csrf_token": {token}, "origins": {"https://ok.example\nhttp://library.example"}})
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "origins: line 2") || !strings.Contains(body, "uses http://") {
		t.Fatalf("a plain-http site: status %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(body, "http://library.example</textarea>") {
		t.Fatal("the refused text is not given back to be corrected")
	}
	if got := s.server.EmbedSites.List(); !slices.Equal(got, want) {
		t.Fatalf("a refused list changed what is in force: %v", got)
	}

	if r := post(t, c, s.URL+"/admin/embed/reset", url.Values{"csrf_token": {token}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: status %d", r.StatusCode)
	}
	if got := s.server.EmbedSites.List(); !slices.Equal(got, configured) {
		t.Fatalf("after a reset: %v, want the configuration's %v", got, configured)
	}
	log, err := s.db.AuditLog(t.Context(), 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "embed.reset" || log[1].Action != "embed.set" || !strings.Contains(string(log[1].Details), "https://library.example http://localhost:8081") {
		t.Fatalf("audit log: %+v", log)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
