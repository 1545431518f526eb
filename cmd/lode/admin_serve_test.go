package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/config"
)

// Issue 14's done-when: publishing a new version in the admin area does
// not change the version of learners midway; unpublishing takes a module
// out of the catalog without touching their registration, and publishing
// brings it back. The packages are real (lode export), and so is the
// install (module.Install through the admin area's upload).
func TestAdminPublishesVersions(t *testing.T) {
	ctx := context.Background()
	v1 := exportVersion(t, "1.0.0")
	v2 := exportVersion(t, "1.1.0")
	fresh := config.Default()
	fresh.ContentDir = t.TempDir()
	var out bytes.Buffer
	if err := importPackage(ctx, fresh, v1, &out, &out); err != nil {
		t.Fatalf("lode import: %v\n%s", err, &out)
	}
	srv := mustServe(t, func(c *config.Config) { c.ContentDir = fresh.ContentDir })
	if _, err := (&admin.Admins{Store: srv.app.store.admins}).Create(ctx, admin.CLI, "ada@library.example", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	a := signInAdmin(t, srv.URL, "ada@library.example", "correct horse battery")

	midway := newLearner(t, srv.URL)
	midway.markAsRead(t, "welcome")
	if got := startedVersion(t, srv, midway); got != "1.0.0" {
		t.Fatalf("the learner started version %q, want 1.0.0", got)
	}

	t.Run("ImportNewVersion", func(t *testing.T) {
		if status, page := a.upload(t, v2); status != http.StatusSeeOther {
			t.Fatalf("import: status %d\n%s", status, page)
		}
		if m, err := srv.app.catalog.Module("reference-desk-basics"); err != nil || m.Version != "1.1.0" {
			t.Fatalf("served after the import: %v %v, want version 1.1.0", m, err)
		}
		midway.markAsRead(t, "interview")
		if got := startedVersion(t, srv, midway); got != "1.0.0" {
			t.Fatalf("the learner midway now has version %q, want still 1.0.0", got)
		}
		newcomer := newLearner(t, srv.URL)
		newcomer.markAsRead(t, "welcome")
		if got := startedVersion(t, srv, newcomer); got != "1.1.0" {
			t.Fatalf("a new learner started %q, want 1.1.0", got)
		}
	})
	t.Run("ImportAgainIsAConflict", func(t *testing.T) {
		if status, page := a.upload(t, v2); status != http.StatusConflict || !strings.Contains(page, "already installed") {
			t.Fatalf("import of an installed version: status %d\n%s", status, page)
		}
	})
	t.Run("HostileImportNamesTheEntry", func(t *testing.T) {
		hostile := filepath.Join(t.TempDir(), "hostile.zip")
		withEntry(t, v2, hostile, "../../outside.md")
		if status, page := a.upload(t, hostile); status != http.StatusBadRequest || !strings.Contains(page, `package entry &#34;../../outside.md&#34;: path traversal`) {
			t.Fatalf("hostile import: status %d\n%s", status, page)
		}
	})
	t.Run("UnpublishAndPublish", func(t *testing.T) {
		a.post(t, "/admin/modules/reference-desk-basics/unpublish", http.StatusSeeOther)
		if _, err := srv.app.catalog.Module("reference-desk-basics"); err == nil {
			t.Fatal("an unpublished module is still in the catalog")
		}
		resp, err := midway.client.Get(srv.URL + sampleModule)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("an unpublished module's page: %d, want 404", resp.StatusCode)
		}
		if got := startedVersion(t, srv, midway); got != "1.0.0" {
			t.Fatalf("after unpublishing, the learner's registration says %q", got)
		}
		a.post(t, "/admin/modules/reference-desk-basics/publish", http.StatusSeeOther)
		if st := midway.stepStatus(t, "welcome"); st != "done" {
			t.Fatalf("published again, the learner's first step is %q, want done", st)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		log, err := srv.app.store.admins.AuditLog(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, " "); got != "module.publish module.unpublish module.import admin.create" {
			t.Fatalf("audit log, newest first: %s", got)
		}
	})
	t.Run("UnpublishedAfterARestart", func(t *testing.T) {
		a.post(t, "/admin/modules/reference-desk-basics/unpublish", http.StatusSeeOther)
		again := mustServe(t, func(c *config.Config) { c.ContentDir, c.DataDir = fresh.ContentDir, srv.DataDir })
		if _, err := again.app.catalog.Module("reference-desk-basics"); err == nil {
			t.Fatal("after a restart, the unpublished module is served again")
		}
		b := signInAdmin(t, again.URL, "ada@library.example", "correct horse battery")
		resp, err := b.client.Get(again.URL + "/admin")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		doc, _ := goquery.NewDocumentFromReader(resp.Body)
		row := doc.Find("tbody tr").FilterFunction(func(_ int, r *goquery.Selection) bool {
			return strings.Contains(r.Text(), "reference-desk-basics")
		})
		if !strings.Contains(row.Text(), "unpublished") || !strings.Contains(row.Text(), "1.1.0") {
			t.Fatalf("the modules page after a restart lists: %q", row.Text())
		}
		b.post(t, "/admin/modules/reference-desk-basics/publish", http.StatusSeeOther)
		if m, err := again.app.catalog.Module("reference-desk-basics"); err != nil || m.Version != "1.1.0" {
			t.Fatalf("published after the restart: %v %v", m, err)
		}
	})
}

// exportVersion exports the sample module as the given version.
func exportVersion(t *testing.T, version string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "reference-desk-basics")
	if err := os.CopyFS(dir, os.DirFS("../../content/reference-desk-basics")); err != nil {
		t.Fatal(err)
	}
	yaml := filepath.Join(dir, "module.yaml")
	b, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("version: 1.0.0")) {
		t.Fatal("the sample module.yaml has no version: 1.0.0 line")
	}
	if err := os.WriteFile(yaml, bytes.Replace(b, []byte("version: 1.0.0"), []byte("version: "+version), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(t.TempDir(), "rdb-"+version+".zip")
	cfg := config.Default()
	cfg.ContentDir = filepath.Dir(dir)
	var out bytes.Buffer
	if err := export(context.Background(), cfg, dir, pkg, &out, &out); err != nil {
		t.Fatalf("lode export: %v\n%s", err, &out)
	}
	return pkg
}

// startedVersion is the version the learner's registration for the sample
// module records.
func startedVersion(t *testing.T, srv *lodeServer, l *learner) string {
	t.Helper()
	u, _ := url.Parse(l.base)
	var id string
	for _, c := range l.client.Jar.Cookies(u) {
		if c.Name == "lode_learner" {
			id, _, _ = strings.Cut(c.Value, ".")
		}
	}
	r, err := srv.app.store.db.FindRegistration(t.Context(), id, "reference-desk-basics")
	if err != nil {
		t.Fatalf("the learner %q's registration: %v", id, err)
	}
	return r.StartedVersion
}

// adminBrowser is an administrator's browser without JavaScript.
type adminBrowser struct {
	base, csrf string
	client     *http.Client
}

func signInAdmin(t *testing.T, base, email, password string) *adminBrowser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	a := &adminBrowser{base: base, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	a.csrf = a.token(t, "/admin/signin")
	resp, err := a.client.PostForm(base+"/admin/signin", url.Values{"csrf_token": {a.csrf}, "email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", resp.StatusCode)
	}
	a.csrf = a.token(t, "/admin/editor") // a page every role may open
	return a
}

func (a *adminBrowser) token(t *testing.T, path string) string {
	t.Helper()
	resp, err := a.client.Get(a.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := doc.Find("input[name=csrf_token]").First().Attr("value")
	if v == "" {
		t.Fatalf("GET %s: %d, no CSRF token", path, resp.StatusCode)
	}
	return v
}

func (a *adminBrowser) post(t *testing.T, path string, want int) {
	t.Helper()
	resp, err := a.client.PostForm(a.base+path, url.Values{"csrf_token": {a.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d", path, resp.StatusCode, want)
	}
}

// upload posts a package to the import form and returns the status and page.
func (a *adminBrowser) upload(t *testing.T, pkg string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", a.csrf)
	fw, _ := mw.CreateFormFile("package", filepath.Base(pkg))
	f, err := os.Open(pkg)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(fw, f); err != nil {
		t.Fatal(err)
	}
	mw.Close()
	resp, err := a.client.Post(a.base+"/admin/modules/import", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}
