package main

// Issue 16's done test: the module editor in a real browser, from an
// author's empty editor to a learner completing what was published, with
// axe-core on every editor page on the way.

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/config"
)

func TestEditorInTheBrowser(t *testing.T) {
	ctx := newTab(t)
	axe := browsertest.Axe(t)
	content := t.TempDir()
	srv := mustServe(t, func(c *config.Config) { c.ContentDir = content })
	admins := &admin.Admins{Store: srv.app.store.admins}
	for email, role := range map[string]admin.Role{"ann@library.example": admin.RoleAuthor, "rita@library.example": admin.RoleReviewer} {
		if _, err := admins.CreateRole(t.Context(), admin.CLI, email, editorPassword, role); err != nil {
			t.Fatal(err)
		}
	}
	draft := srv.URL + "/admin/editor/copyright-basics"

	step(t, "AuthorWrites", func(t *testing.T) {
		signInInBrowser(t, ctx, srv.URL, "ann@library.example")
		checkAccessible(t, ctx, axe, "the editor's list of drafts")
		typeInto(t, ctx, "#id", "copyright-basics")
		typeInto(t, ctx, "#title", "Copyright basics")
		typeInto(t, ctx, "#attribution", "Written by the Lode contributors.")
		typeInto(t, ctx, "#ce_hours", "1")
		typeInto(t, ctx, "#topics", "Copyright, Law")
		press(t, ctx, `main form[action="/admin/editor"] button`, "start the module")
		for _, o := range [][3]string{{"page", "welcome", "Welcome"}, {"quiz", "check", "Check your understanding"}, {"checklist", "tasks", "Try it at work"}} {
			choose(t, ctx, "#object_type", o[0])
			typeInto(t, ctx, "#object_id", o[1])
			typeInto(t, ctx, "#object_title", o[2])
			press(t, ctx, `button[name=op][value=add]`, "add the "+o[0])
		}
		checkAccessible(t, ctx, axe, "a draft's page")

		openPage(t, ctx, draft+"/objects/0", 200)
		checkAccessible(t, ctx, axe, "the page's form")
		typeInto(t, ctx, `[name="cfg.body"]`, "Copyright for **library staff**.")
		// The Markdown preview, rendered by the server as learners see it.
		act(t, ctx, "press Preview", chromedp.Focus(chromedp.CSS(".sf-preview-toggle")), chromedp.KeyEvent(kb.Enter))
		waitJS(t, ctx, "the Markdown preview", stepWait, `document.querySelector(".sf-preview strong")?.textContent === "library staff"`)
		press(t, ctx, `main button.editor-save`, "save the page")

		openPage(t, ctx, draft+"/objects/1", 200)
		fillQuiz(t, ctx)
		checkAccessible(t, ctx, axe, "the quiz's form with three questions")
		press(t, ctx, `main button.editor-save`, "save the quiz")
		if p := textOf(t, ctx, ".sf-summary, .problems"); p != "" {
			t.Fatalf("the saved quiz has problems: %s", p)
		}

		openPage(t, ctx, draft+"/objects/2", 200)
		for i, item := range []string{"Read the library's copyright policy", "Find the copyright notice by the copier"} {
			press(t, ctx, `button[name="cfg.op"][value="add:items"]`, "add a checklist item")
			typeInto(t, ctx, fmt.Sprintf(`[name="cfg.items.%d.id"]`, i), fmt.Sprintf("item-%d", i+1))
			typeInto(t, ctx, fmt.Sprintf(`[name="cfg.items.%d.text"]`, i), item)
		}
		press(t, ctx, `main button.editor-save`, "save the checklist")

		openPage(t, ctx, draft, 200)
		if p := textOf(t, ctx, ".problems"); p != "" {
			t.Fatalf("the draft has problems: %s", p)
		}
		openPage(t, ctx, draft+"/preview", 200)
		checkAccessible(t, ctx, axe, "the preview")
		if got := textOf(t, ctx, "main"); !strings.Contains(got, "Copyright for library staff.") || !strings.Contains(got, "Who owns the copyright") {
			t.Fatalf("the preview shows: %s", got)
		}
		tryWithTheKeyboard(t, ctx, axe, srv, draft)
		openPage(t, ctx, draft+"/history", 200)
		checkAccessible(t, ctx, axe, "the history")
		openPage(t, ctx, draft, 200)
		press(t, ctx, `form[action$="/submit"] button`, "submit for review")
		signOutInBrowser(t, ctx)
	})
	step(t, "ReviewerApprovesAndPublishes", func(t *testing.T) {
		signInInBrowser(t, ctx, srv.URL, "rita@library.example")
		openPage(t, ctx, draft, 200)
		checkAccessible(t, ctx, axe, "a draft in review, as its reviewer")
		typeInto(t, ctx, "#comment", "Clear and short. Approved.")
		press(t, ctx, `form[action$="/comments"] button`, "comment")
		press(t, ctx, `form[action$="/approve"] button`, "approve")
		press(t, ctx, `form[action$="/publish"] button`, "publish")
		if got := textOf(t, ctx, "main"); !strings.Contains(got, "Published.") {
			t.Fatalf("after publishing the draft says: %s", got)
		}
		if m, err := srv.app.catalog.Module("copyright-basics"); err != nil || m.Version != "1.0.0" {
			t.Fatalf("served: %v %v", m, err)
		}
	})
	step(t, "LearnerCompletes", func(t *testing.T) {
		l := newTab(t)
		base := srv.URL + "/modules/copyright-basics/objects/"
		openPage(t, l, base+"welcome", 200)
		markAsRead(t, l, "welcome")
		openPage(t, l, base+"check", 200)
		answerQuiz(t, l, []quizAnswer{{question: "owner", choice: "true"}, {question: "fair-use", choice: "true"}, {question: "term", text: "70"}})
		submitQuizWithKeyboard(t, l)
		openPage(t, l, base+"tasks", 200)
		for _, item := range []string{"item-1", "item-2"} {
			act(t, l, "tick "+item, chromedp.Click(chromedp.CSS(checklistBox(item))))
			waitSaved(t, l, "the tick of "+item)
		}
		waitStepDone(t, l, "tasks")
		id := learnerID(t, l, srv.URL)
		r, err := srv.app.store.db.FindRegistration(t.Context(), id, "copyright-basics")
		if err != nil || r.CompletedAt == nil || r.CompletedVersion != "1.0.0" {
			t.Fatalf("the learner's registration: %+v %v, want completed at version 1.0.0", r, err)
		}
	})
	t.Run("ExportChecksAndImportsUnchanged", func(t *testing.T) {
		exportChecksAndImports(t, srv, content, "copyright-basics")
	})
}

// step runs one part of a story; the parts after a failed one are not
// run, since each needs what the one before did.
func step(t *testing.T, name string, f func(t *testing.T)) {
	t.Helper()
	if !t.Run(name, f) {
		t.FailNow()
	}
}

// fillQuiz adds three questions with the form's own buttons (no script
// needed) and fills them from the keyboard.
func fillQuiz(t *testing.T, ctx context.Context) {
	t.Helper()
	for i, q := range []struct{ id, typ, prompt string }{
		{"owner", "true_false", "Who owns the copyright in a staff newsletter? The library does."},
		{"fair-use", "true_false", "Quoting a short passage in a review can be fair use."},
		{"term", "fill_in", "How many years after the author's death does US copyright usually last?"},
	} {
		press(t, ctx, `button[name="cfg.op"][value="add:questions"]`, "add question "+q.id)
		p := fmt.Sprintf("cfg.questions.%d.", i)
		typeInto(t, ctx, `[name="`+p+`id"]`, q.id)
		typeInto(t, ctx, `[name="`+p+`prompt"]`, q.prompt)
		choose(t, ctx, `[name="`+p+`type"]`, q.typ)
		if q.typ == "true_false" {
			act(t, ctx, "tick the answer of "+q.id, chromedp.Focus(chromedp.CSS(`[name="`+p+`answer"]`)), chromedp.KeyEvent(" "))
			continue
		}
		press(t, ctx, `button[name="cfg.op"][value="add:questions.`+fmt.Sprint(i)+`.accepted"]`, "add an accepted answer")
		typeInto(t, ctx, `[name="`+p+`accepted.0"]`, "70")
	}
}

// typeInto focuses a field, empties it and types text.
func typeInto(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	evalJS[chromedp.Void](t, ctx, fmt.Sprintf(`document.querySelector(%s).value = ""`, jsString(sel)))
	act(t, ctx, "type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// choose selects an option of a select.
func choose(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	evalJS[chromedp.Void](t, ctx, fmt.Sprintf(`document.querySelector(%s).value = %s`, jsString(sel), jsString(value)))
}

// press presses a button with the keyboard and waits for the page it
// leads to.
func press(t *testing.T, ctx context.Context, sel, what string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(sel))); err != nil {
		t.Fatalf("%s: focus %s: %v", what, sel, err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != 200 {
		t.Fatalf("%s: %s answered %d: %s", what, resp.URL, resp.Status, textOf(t, ctx, "main"))
	}
}

func signInInBrowser(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	openPage(t, ctx, base+"/admin/signin", 200)
	typeInto(t, ctx, "#email", email)
	typeInto(t, ctx, "#password", editorPassword)
	press(t, ctx, "form button[type=submit]", "sign in as "+email)
}

func signOutInBrowser(t *testing.T, ctx context.Context) {
	t.Helper()
	press(t, ctx, `form[action="/admin/signout"] button`, "sign out")
}

// tryWithTheKeyboard takes the draft in the editor's live preview with
// the keyboard alone, as a learner would take it: marks the page read,
// answers the quiz and hears its score, ticks the checklist, completes
// the module; axe-core checks each page, and the database gains no row.
func tryWithTheKeyboard(t *testing.T, ctx context.Context, axe string, srv *lodeServer, draft string) {
	t.Helper()
	before := progressRows(t, srv, "")
	openPage(t, ctx, draft+"/try", 200)
	checkAccessible(t, ctx, axe, "a draft's tryout")
	act(t, ctx, "press Mark as read", chromedp.Focus(chromedp.CSS(`[data-lode-object] .lode-page-complete button`)), chromedp.KeyEvent(kb.Enter))
	waitStepDone(t, ctx, "welcome")

	act(t, ctx, "focus Next", chromedp.Focus(chromedp.CSS("a.lode-next")))
	if resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter)); err != nil || resp.Status != 200 || !strings.HasSuffix(resp.URL, "/try/objects/check") {
		t.Fatalf("Enter on Next: %v %+v", err, resp)
	}
	for _, q := range []string{"owner", "fair-use"} {
		sel := fmt.Sprintf(`[data-lode-object] input[name=%s][value="true"]`, jsString(q))
		act(t, ctx, "choose with Space for "+q, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(" "))
	}
	act(t, ctx, "type the term", chromedp.Focus(chromedp.CSS(`[data-lode-object] input[name=term]`)), chromedp.KeyEvent("70"))
	if got := submitQuizWithKeyboard(t, ctx); !strings.Contains(got, "You scored 3 of 3") {
		t.Errorf("the quiz's feedback in the tryout: %q", got)
	}
	waitStepDone(t, ctx, "check")
	checkAccessible(t, ctx, axe, "a quiz answered in a tryout")

	openPage(t, ctx, draft+"/try/objects/tasks", 200)
	for _, item := range []string{"item-1", "item-2"} {
		act(t, ctx, "tick "+item+" with Space", chromedp.Focus(chromedp.CSS(checklistBox(item))), chromedp.KeyEvent(" "))
		waitSaved(t, ctx, "the tick of "+item)
	}
	waitJS(t, ctx, "the completion notice", stepWait, `!document.querySelector("[data-lode-complete]").hidden`)
	checkAccessible(t, ctx, axe, "a completed tryout")
	openPage(t, ctx, draft+"/try/summary", 200)
	checkAccessible(t, ctx, axe, "a tryout's summary")
	if after := progressRows(t, srv, ""); !maps.Equal(after, before) {
		t.Fatalf("rows before the tryout %v, after %v", before, after)
	}
}
