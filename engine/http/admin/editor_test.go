package admin_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
)

// TestEditorStaleSave is two authors who opened the same revision of a
// draft: the first save wins, the second gets 409 naming who changed it
// and when, with the second author's text still on the page, and the
// draft keeps the first's.
func TestEditorStaleSave(t *testing.T) {
	s := mustSite(t)
	for _, email := range []string{"ann@library.example", "bob@library.example"} {
		s.addAdministrator(t, email, admin.RoleAuthor)
		grant(t, s, email, "copyright", admin.RoleAuthor)
	}
	ann, bob := s.client(t), s.client(t)
	_, annToken := s.signIn(t, ann, "ann@library.example", password)
	_, bobToken := s.signIn(t, bob, "bob@library.example", password)
	_, annPage := get(t, ann, s.URL+"/admin/editor/copyright")
	_, bobPage := get(t, bob, s.URL+"/admin/editor/copyright")

	annYAML := strings.Replace(string(draftFiles["module.yaml"]), "Copyright basics", "Copyright for staff", 1)
	if resp := post(t, ann, s.URL+"/admin/editor/copyright", saveForm(annPage, annToken, annYAML)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ann's save: %d, want 303", resp.StatusCode)
	}
	bobYAML := strings.Replace(string(draftFiles["module.yaml"]), "Copyright basics", "Copyright in libraries", 1)
	resp, err := bob.PostForm(s.URL+"/admin/editor/copyright", saveForm(bobPage, bobToken, bobYAML))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("bob's stale save: %d, want 409", resp.StatusCode)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
	alert := doc.Find("[role=alert]").Text()
	if !strings.Contains(alert, "changed by ann@library.example at ") || !strings.Contains(alert, "your changes were not saved") {
		t.Errorf("the conflict says %q", alert)
	}
	if mine := doc.Find("textarea[readonly]").Text(); !strings.Contains(mine, "Copyright in libraries") {
		t.Errorf("bob's version is not on the page: %q", mine)
	}
	if diff := doc.Find("pre.diff").Text(); !strings.Contains(diff, "- title: Copyright for staff") || !strings.Contains(diff, "+ title: Copyright in libraries") {
		t.Errorf("the diff from ann's to bob's: %q", diff)
	}
	d, err := s.db.Draft(t.Context(), "copyright")
	if err != nil || !strings.Contains(string(d.Files["module.yaml"]), "Copyright for staff") || d.UpdatedBy != "ann@library.example" {
		t.Fatalf("the draft after the conflict: %v, %s", err, d.Files["module.yaml"])
	}
}

// TestEditorRoles: an author given a module may edit it but not approve
// or publish it; a reviewer may; an author not given it may not open it.
func TestEditorRoles(t *testing.T) {
	s := mustSite(t)
	s.addAdministrator(t, "ann@library.example", admin.RoleAuthor)
	s.addAdministrator(t, "rita@library.example", admin.RoleReviewer)
	grant(t, s, "ann@library.example", "copyright", admin.RoleAuthor)
	ann, rita := s.client(t), s.client(t)
	_, annToken := s.signIn(t, ann, "ann@library.example", password)
	_, ritaToken := s.signIn(t, rita, "rita@library.example", password)
	step := func(c *http.Client, token, what string, rev int) int {
		return s.as(t, c, token, http.MethodPost, "/admin/editor/copyright/"+what, rev)
	}
	if got := step(ann, annToken, "submit", 1); got != http.StatusSeeOther {
		t.Fatalf("ann submits: %d", got)
	}
	for _, what := range []string{"approve", "return", "publish"} {
		if got := step(ann, annToken, what, 2); got != http.StatusForbidden {
			t.Errorf("ann %s: %d, want 403", what, got)
		}
	}
	if got := step(rita, ritaToken, "approve", 2); got != http.StatusSeeOther {
		t.Fatalf("rita approves: %d", got)
	}
	if got := step(rita, ritaToken, "approve", 3); got != http.StatusConflict {
		t.Errorf("rita approves an approved draft: %d, want 409", got)
	}
	if got := s.as(t, ann, annToken, http.MethodPost, "/admin/editor/copyright/grants", 3); got != http.StatusForbidden {
		t.Errorf("ann gives roles: %d, want 403", got)
	}
	// An author sees only the drafts of the modules given to them.
	s.addAdministrator(t, "otto@library.example", admin.RoleAuthor)
	otto := s.client(t)
	s.signIn(t, otto, "otto@library.example", password)
	for who, c := range map[string]*http.Client{"ann": ann, "otto": otto} {
		_, doc := get(t, c, s.URL+"/admin/editor")
		if listed := doc.Find(`a[href="/admin/editor/copyright"]`).Length() == 1; listed != (who == "ann") {
			t.Errorf("%s: the copyright draft listed: %v", who, listed)
		}
	}
}

func grant(t *testing.T, s *site, email, moduleID string, role admin.Role) {
	t.Helper()
	if err := s.db.SetGrant(t.Context(), authoring.Grant{Email: email, ModuleID: moduleID, Role: role}, (&admin.Admins{Store: s.db}).Entry(admin.CLI, "module.grant", moduleID, nil)); err != nil {
		t.Fatal(err)
	}
}

// saveForm is the draft page's files form with module.yaml replaced.
func saveForm(page *goquery.Document, token, moduleYAML string) url.Values {
	rev, _ := page.Find(`form[action="/admin/editor/copyright"] input[name=revision]`).Attr("value")
	return url.Values{"csrf_token": {token}, "revision": {rev}, "file:module.yaml": {moduleYAML}}
}

// TestAddAuthorInTheAdminArea: administrators add authors and reviewers
// from the administrators page.
func TestAddAuthorInTheAdminArea(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	form := url.Values{"csrf_token": {token}, "email": {"ann@library.example"}, "password": {password}, "role": {"author"}}
	if resp := post(t, c, s.URL+"/admin/administrators", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add an author: %d", resp.StatusCode)
	}
	acc, err := s.db.AdministratorAccount(t.Context(), "ann@library.example")
	if err != nil || acc.Role != admin.RoleAuthor {
		t.Fatalf("ann: %+v %v, want an author", acc, err)
	}
	form.Set("email", "eve@library.example")
	form.Set("role", "owner")
	resp, doc := postPage(t, c, s.URL+"/admin/administrators", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Find("[role=alert]").Text(), `role: "owner" is not a role`) {
		t.Fatalf("an unknown role: %d %q", resp.StatusCode, doc.Find("[role=alert]").Text())
	}
}

func postPage(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, *goquery.Document) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	return parsed(t, resp, err)
}

// TestEditorShowsCheckProblems: a module.yaml the module check refuses
// is saved (a draft may be unfinished) and its problems are shown by the
// field, in lode check's words.
func TestEditorShowsCheckProblems(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	_, page := get(t, c, s.URL+"/admin/editor/copyright")
	bad := strings.Replace(string(draftFiles["module.yaml"]), "version: 3.0.0", "version: three", 1)
	if resp := post(t, c, s.URL+"/admin/editor/copyright", saveForm(page, token, bad)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	_, page = get(t, c, s.URL+"/admin/editor/copyright")
	problems := page.Find("#check-problems").Text()
	if !strings.Contains(problems, "module.yaml:3:") || !strings.Contains(problems, "version") {
		t.Errorf("the check's problems: %q, want module.yaml's line 3, the version", problems)
	}
	if d, _ := page.Find(`textarea[name="file:module.yaml"]`).Attr("aria-describedby"); d != "check-problems" {
		t.Errorf("module.yaml's box is described by %q, want the problems", d)
	}
	if obj := page.Find("ol.objects .problems").Text(); !strings.Contains(obj, "objects[0]") {
		t.Errorf("the object's problem (no content type page here) is not by the object: %q", obj)
	}
}

// TestEditorStartRefusesBadSettings: the new-module form names the field
// at fault, next to it.
func TestEditorStartRefusesBadSettings(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	for field, c2 := range map[string]struct{ id, license, want string }{
		"license": {"new-module", "CC-BY-5.0", "CC-BY-5.0"},
		"id":      {"reference", "CC0-1.0", "exists on this site"},
	} {
		form := url.Values{"csrf_token": {token}, "id": {c2.id}, "title": {"T"}, "language": {"en"}, "license": {c2.license}}
		resp, doc := postPage(t, c, s.URL+"/admin/editor", form)
		msg := doc.Find("#" + field + "-error").Text()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(msg, c2.want) {
			t.Errorf("%s: %d, the field says %q, want 400 and %q", field, resp.StatusCode, msg, c2.want)
		}
		if d, _ := doc.Find("#" + field).Attr("aria-describedby"); d != field+"-error" {
			t.Errorf("%s: the input is described by %q", field, d)
		}
	}
}
