package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/storetest"
)

const editorPassword = "correct horse battery"

// quizYAML is a three-question quiz, as an author would write its config.
const quizYAML = `passing_score: 0.6
questions:
  - id: owner
    type: single_choice
    prompt: Who owns the copyright in a staff newsletter?
    choices:
      - {id: library, text: The library, correct: true}
      - {id: nobody, text: Nobody}
  - id: fair-use
    type: true_false
    prompt: Quoting a short passage in a review can be fair use.
    answer: true
  - id: term
    type: fill_in
    prompt: How many years after the author's death does US copyright usually last?
    accepted: ["70", "seventy"]
`

const checklistYAML = `items:
  - id: policy
    text: Read the library's copyright policy
  - id: notice
    text: Find the copyright notice by the copier
`

// TestEditorWritesReviewsAndPublishes is issue 16's workflow without a
// browser, on SQLite and PostgreSQL: an author writes a module in the
// editor, a reviewer approves and publishes it as a version that learners
// can take, and the published package checks and imports unchanged.
func TestEditorWritesReviewsAndPublishes(t *testing.T) {
	for name, db := range map[string]func(t *testing.T) string{
		"SQLite":     func(t *testing.T) string { return "" },
		"PostgreSQL": func(t *testing.T) string { return storetest.PostgresDatabase(t) },
	} {
		t.Run(name, func(t *testing.T) { testEditorWorkflow(t, db(t)) })
	}
}

func testEditorWorkflow(t *testing.T, dbURL string) {
	ctx := context.Background()
	content := t.TempDir()
	srv := mustServe(t, func(c *config.Config) {
		c.ContentDir = content
		if dbURL != "" {
			c.DatabaseURL = dbURL
		}
	})
	admins := &admin.Admins{Store: srv.app.store.admins}
	for email, role := range map[string]admin.Role{"ann@library.example": admin.RoleAuthor, "rita@library.example": admin.RoleReviewer} {
		if _, err := admins.CreateRole(ctx, admin.CLI, email, editorPassword, role); err != nil {
			t.Fatal(err)
		}
	}
	ann := signInAdmin(t, srv.URL, "ann@library.example", editorPassword)
	rita := signInAdmin(t, srv.URL, "rita@library.example", editorPassword)
	const draft = "/admin/editor/copyright-basics"

	ann.submit(t, "/admin/editor", url.Values{"id": {"copyright-basics"}, "title": {"Copyright basics"}, "language": {"en"},
		"license": {"CC-BY-4.0"}, "attribution": {"Written by the Lode contributors."}, "ce_hours": {"1"}, "topics": {"Copyright, Law"},
		"completion": {"required"}}, http.StatusSeeOther)
	for _, o := range [][3]string{{"page", "welcome", "Welcome"}, {"quiz", "check", "Check your understanding"}, {"checklist", "tasks", "Try it at work"}} {
		ann.submit(t, draft+"/objects", url.Values{"op": {"add"}, "object_type": {o[0]}, "object_id": {o[1]}, "object_title": {o[2]}, "revision": {ann.revision(t, draft)}}, http.StatusSeeOther)
	}
	// The page through the form generated from its schema; the others as
	// YAML, which the object page also takes.
	page := ann.form(t, draft+"/objects/0")
	page.Set("cfg.body", "# Welcome\n\nCopyright for library staff.")
	ann.submit(t, draft+"/objects/0", page, http.StatusSeeOther)
	ann.submit(t, draft+"/objects/1", url.Values{"config_yaml": {quizYAML}, "revision": {ann.revision(t, draft)}}, http.StatusSeeOther)
	ann.submit(t, draft+"/objects/2", url.Values{"config_yaml": {checklistYAML}, "revision": {ann.revision(t, draft)}}, http.StatusSeeOther)
	if problems := ann.doc(t, draft).Find(".problems li"); problems.Length() > 0 {
		t.Fatalf("the draft has problems: %s", problems.Text())
	}

	t.Run("BadConfigIsNamedInline", func(t *testing.T) {
		ann.submit(t, draft+"/objects/1", url.Values{"config_yaml": {"questions: []\n"}, "revision": {ann.revision(t, draft)}}, http.StatusSeeOther)
		doc := ann.doc(t, draft+"/objects/1")
		ann.submit(t, draft+"/objects/1", url.Values{"config_yaml": {quizYAML}, "revision": {ann.revision(t, draft)}}, http.StatusSeeOther)
		// The check's problem is shown by the questions field, which
		// names it (aria-describedby), and in the summary.
		field := doc.Find(`fieldset[id$="questions"]`)
		described, _ := field.Attr("aria-describedby")
		if msg := doc.Find(`[id$="questions-error"]`).Text(); !strings.Contains(msg, "add at least one question") || !strings.Contains(described, "questions-error") {
			t.Fatalf("an empty quiz: the questions field says %q (described by %q)", msg, described)
		}
	})
	t.Run("PreviewRecordsNothing", func(t *testing.T) {
		before := statementCount(t, srv)
		doc := ann.doc(t, draft+"/preview")
		for _, title := range []string{"Welcome", "Check your understanding", "Try it at work"} {
			if !strings.Contains(doc.Find("section.preview h2").Text(), title) {
				t.Errorf("the preview has no %q: %s", title, doc.Find("main").Text())
			}
		}
		if !strings.Contains(doc.Find("section.preview").Text(), "Who owns the copyright") {
			t.Error("the preview does not show the quiz's first question")
		}
		if after := statementCount(t, srv); after != before {
			t.Fatalf("previewing made %d statements", after-before)
		}
	})
	t.Run("TryItRecordsNothing", func(t *testing.T) { tryDraft(t, srv, dbURL, ann, draft) })
	t.Run("AuthorMayNotApprove", func(t *testing.T) {
		ann.submit(t, draft+"/submit", url.Values{"revision": {ann.revision(t, draft)}}, http.StatusSeeOther)
		ann.submit(t, draft+"/approve", url.Values{"revision": {ann.revision(t, draft)}}, http.StatusForbidden)
		ann.submit(t, draft+"/publish", url.Values{"revision": {ann.revision(t, draft)}}, http.StatusForbidden)
	})
	t.Run("ReviewerCommentsApprovesPublishes", func(t *testing.T) {
		rita.submit(t, draft+"/comments", url.Values{"comment": {"Good; cite 17 U.S.C. 107 next time."}, "revision": {rita.revision(t, draft)}}, http.StatusSeeOther)
		rita.submit(t, draft+"/approve", url.Values{"revision": {rita.revision(t, draft)}}, http.StatusSeeOther)
		rita.submit(t, draft+"/publish", url.Values{"revision": {rita.revision(t, draft)}}, http.StatusSeeOther)
		m, err := srv.app.catalog.Module("copyright-basics")
		if err != nil || m.Version != "1.0.0" || len(m.Objects) != 3 {
			t.Fatalf("served after publishing: %+v %v", m, err)
		}
		log, _ := srv.app.store.admins.AuditLog(ctx, 0, 1)
		if len(log) != 1 || log[0].Action != "module.publish" || log[0].Actor != "rita@library.example" {
			t.Fatalf("the audit log's newest entry: %+v, want rita's module.publish", log)
		}
		if !strings.Contains(ann.doc(t, draft).Text(), "cite 17 U.S.C. 107") {
			t.Error("the author does not see the reviewer's comment")
		}
	})
	t.Run("LearnerTakesIt", func(t *testing.T) {
		l := newLearner(t, srv.URL)
		resp, err := l.client.Get(srv.URL + "/modules/copyright-basics/objects/welcome")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Copyright for library staff.") {
			t.Fatalf("the learner's page: %d\n%s", resp.StatusCode, body)
		}
	})
	t.Run("ExportChecksAndImportsUnchanged", func(t *testing.T) {
		exportChecksAndImports(t, srv, content, "copyright-basics")
	})
	t.Run("Media", func(t *testing.T) {
		if status, page := ann.uploadMedia(t, draft, "notes.vtt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n"); status != http.StatusBadRequest || !strings.Contains(page, "must start with WEBVTT") {
			t.Fatalf("SubRip as captions: %d\n%s", status, page)
		}
		if status, page := ann.uploadMedia(t, draft, "intro.en.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"); status != http.StatusSeeOther {
			t.Fatalf("captions: %d\n%s", status, page)
		}
		// Captions are text: editable on the draft page like Markdown.
		if !strings.Contains(ann.doc(t, draft).Find(`textarea[name="file:media/intro.en.vtt"]`).Text(), "Hello") {
			t.Error("the uploaded captions are not on the draft page")
		}
	})
	t.Run("AgainstPublished", func(t *testing.T) {
		diff := ann.doc(t, draft+"/history?against=published").Find("main").Text()
		if !strings.Contains(diff, "media/intro.en.vtt") || !strings.Contains(diff, "WEBVTT") {
			t.Fatalf("the draft against the version served: %s", diff)
		}
	})
	t.Run("OneObjectPreview", func(t *testing.T) {
		doc := ann.doc(t, draft+"/preview?object=tasks")
		if n := doc.Find("section.preview").Length(); n != 1 || !strings.Contains(doc.Find("section.preview").Text(), "Read the library's copyright policy") {
			t.Fatalf("preview of the checklist alone: %d sections: %s", n, doc.Find("main").Text())
		}
	})
	t.Run("ScriptUnder150KB", func(t *testing.T) {
		for _, page := range []string{"/admin/editor", draft, draft + "/objects/1", draft + "/preview", draft + "/history"} {
			total := 0
			ann.doc(t, page).Find("script[src]").Each(func(_ int, s *goquery.Selection) {
				total += len(ann.get(t, s.AttrOr("src", "")))
			})
			if inline := ann.doc(t, page).Find("script:not([src])").Length(); inline > 0 || total > 150<<10 {
				t.Errorf("%s: %d bytes of script, %d inline, want at most 150 KB and none inline", page, total, inline)
			}
			t.Logf("%s: %d bytes of script", page, total)
		}
	})
	t.Run("History", func(t *testing.T) {
		doc := ann.doc(t, draft+"/history?from=1&to=2")
		if !strings.Contains(doc.Find("pre.diff ins").Text(), "id: welcome") || doc.Find("tbody tr").Length() < 9 {
			t.Fatalf("history: %s", doc.Find("main").Text())
		}
	})
}

// exportChecksAndImports exports a published module as `lode export`
// does, checks the package as `lode check` does, imports it into a fresh
// content folder as `lode import` does, and compares module.yaml.
func exportChecksAndImports(t *testing.T, srv *lodeServer, content, id string) {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.ContentDir = content
	pkg := filepath.Join(t.TempDir(), id+".zip")
	var out bytes.Buffer
	if err := export(ctx, cfg, id, pkg, &out, &out); err != nil {
		t.Fatalf("lode export: %v\n%s", err, &out)
	}
	if err := checkPaths(ctx, cfg, []string{pkg}, &out, &out); err != nil {
		t.Fatalf("lode check: %v\n%s", err, &out)
	}
	fresh := cfg
	fresh.ContentDir = t.TempDir()
	if err := importPackage(ctx, fresh, pkg, &out, &out); err != nil {
		t.Fatalf("lode import: %v\n%s", err, &out)
	}
	d, err := srv.app.store.drafts.Draft(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	imported, err := os.ReadFile(filepath.Join(fresh.ContentDir, id, "module.yaml"))
	if err != nil || !bytes.Equal(imported, d.Files["module.yaml"]) {
		t.Fatalf("imported module.yaml (%v):\n%s\nwant the draft's:\n%s", err, imported, d.Files["module.yaml"])
	}
}

func statementCount(t *testing.T, srv *lodeServer) int {
	t.Helper()
	stmts, _, err := srv.app.store.db.Statements(t.Context(), lrs.StatementFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return len(stmts)
}

// doc GETs a page as a, expecting 200.
func (a *adminBrowser) doc(t *testing.T, path string) *goquery.Document {
	t.Helper()
	resp, err := a.client.Get(a.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", path, resp.StatusCode, err, doc.Find("main").Text())
	}
	return doc
}

// revision is the revision a draft's page was loaded at.
func (a *adminBrowser) revision(t *testing.T, draft string) string {
	t.Helper()
	v, _ := a.doc(t, draft).Find(`input[name=revision]`).First().Attr("value")
	return v
}

// form is what the page's first form with a revision would post as it
// stands: its inputs, checked boxes, selected options and text areas.
func (a *adminBrowser) form(t *testing.T, path string) url.Values {
	t.Helper()
	f := a.doc(t, path).Find(`form:has(input[name=revision])`).First()
	v := url.Values{}
	f.Find("input[name], textarea[name], select[name]").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		switch typ, _ := in.Attr("type"); {
		case goquery.NodeName(in) == "textarea":
			v.Add(name, in.Text())
		case goquery.NodeName(in) == "select":
			v.Add(name, in.Find("option[selected]").AttrOr("value", in.Find("option").First().AttrOr("value", in.Find("option").First().Text())))
		case typ == "checkbox" || typ == "radio":
			if _, on := in.Attr("checked"); on {
				v.Add(name, in.AttrOr("value", "on"))
			}
		case typ == "submit" || typ == "button" || typ == "file":
		default:
			v.Add(name, in.AttrOr("value", ""))
		}
	})
	return v
}

// submit posts form (with the CSRF token) and checks the status.
func (a *adminBrowser) submit(t *testing.T, path string, form url.Values, want int) string {
	t.Helper()
	form.Set("csrf_token", a.csrf)
	resp, err := a.client.PostForm(a.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(body))
		t.Fatalf("POST %s: %d, want %d\n%s", path, resp.StatusCode, want, doc.Find("main").Text())
	}
	return string(body)
}

// get returns a resource's body, expecting 200.
func (a *adminBrowser) get(t *testing.T, path string) []byte {
	t.Helper()
	resp, err := a.client.Get(a.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	return body
}

// uploadMedia posts a file to a draft's media form.
func (a *adminBrowser) uploadMedia(t *testing.T, draft, name, content string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", a.csrf)
	_ = mw.WriteField("revision", a.revision(t, draft))
	fw, _ := mw.CreateFormFile("media", name)
	_, _ = fw.Write([]byte(content))
	mw.Close()
	resp, err := a.client.Post(a.base+draft+"/files", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

// TestEditorOpensAModuleWrittenAsFiles: the sample module, written as
// files, opens in the editor unchanged and checks clean there; an object
// whose config inlines a file (!file) is edited as YAML, so that nothing
// of it is lost.
func TestEditorOpensAModuleWrittenAsFiles(t *testing.T) {
	srv := mustServe(t)
	if _, err := (&admin.Admins{Store: srv.app.store.admins}).Create(t.Context(), admin.CLI, "ada@library.example", editorPassword); err != nil {
		t.Fatal(err)
	}
	ada := signInAdmin(t, srv.URL, "ada@library.example", editorPassword)
	ada.submit(t, "/admin/editor/open", url.Values{"module": {"reference-desk-basics"}}, http.StatusSeeOther)
	const draft = "/admin/editor/reference-desk-basics"
	if p := ada.doc(t, draft).Find(".problems li"); p.Length() > 0 {
		t.Fatalf("the sample module has problems in the editor: %s", p.Text())
	}
	if changed := ada.doc(t, draft+"/history?against=published").Find("main h3"); changed.Length() > 0 {
		t.Fatalf("opened, the draft differs from the module served in: %s", changed.Text())
	}
	welcome := ada.doc(t, draft+"/objects/0")
	if yaml := welcome.Find(`textarea[name=config_yaml]`).Text(); !strings.Contains(yaml, "!file welcome.md") {
		t.Fatalf("the welcome page's config (with !file) is not edited as its YAML: %q", yaml)
	}
	ada.submit(t, "/admin/editor/open", url.Values{"module": {"reference-desk-basics"}}, http.StatusConflict)
	ada.submit(t, "/admin/editor/open", url.Values{"module": {"no-such-module"}}, http.StatusBadRequest)
}
