package main

// The checklist saves as the learner goes: each tick at once, the note
// after a pause in typing, with nothing to press; and without JavaScript,
// through its Save button.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/browsertest"
)

const (
	checklistStatus = `[data-lode-object] [data-lode-autosave-status]`
	checklistNote   = `[data-lode-object] textarea[name="note"]`
)

func checklistBox(item string) string {
	return fmt.Sprintf(`[data-lode-object] input[name="items"][value=%s]`, jsString(item))
}

// checklistState is what the page shows of the learner's checklist.
type checklistState struct {
	Ticked []string
	Note   string
}

func readChecklist(t *testing.T, ctx context.Context) checklistState {
	t.Helper()
	return evalJS[checklistState](t, ctx, `({
		Ticked: [...document.querySelectorAll('[data-lode-object] input[name="items"]:checked')].map(b => b.value),
		Note: document.querySelector('[data-lode-object] textarea[name="note"]').value,
	})`)
}

// waitSaved waits until the status says the server answered the last
// change, and returns what it says.
func waitSaved(t *testing.T, ctx context.Context, what string) string {
	t.Helper()
	waitJS(t, ctx, what+" to be saved", stepWait, fmt.Sprintf(`document.querySelector(%s).textContent.startsWith("Saved")`, jsString(checklistStatus)))
	return textOf(t, ctx, checklistStatus)
}

func TestChecklistSavesAsYouGo(t *testing.T) {
	ctx := newTab(t)
	srv := mustServe(t)
	page, away := srv.URL+objectPath("first-shift"), srv.URL+objectPath("welcome")
	openPage(t, ctx, page, 200)

	t.Run("Tick", func(t *testing.T) {
		act(t, ctx, "tick the tour", chromedp.Click(chromedp.CSS(checklistBox("tour"))))
		if got := waitSaved(t, ctx, "the tick"); got != "Saved. 1 of 3 required items done." {
			t.Errorf("after a tick the status says %q", got)
		}
		if evalJS[bool](t, ctx, `!!document.querySelector("[data-lode-object] .lode-checklist-done")`) {
			t.Errorf("the checklist claims to be complete")
		}
		if vs := browsertest.RunAxe(t, ctx, browsertest.Axe(t)); len(vs) > 0 {
			t.Errorf("after an autosave: %d WCAG 2.1 A/AA violations:%s", len(vs), browsertest.FormatViolations(vs))
		}
		openPage(t, ctx, away, 200)
		openPage(t, ctx, page, 200)
		if got := readChecklist(t, ctx); strings.Join(got.Ticked, " ") != "tour" {
			t.Errorf("back on the checklist, ticked %v, want the tour", got.Ticked)
		}
	})
	t.Run("Note", func(t *testing.T) {
		act(t, ctx, "write a note", chromedp.SendKeys(chromedp.CSS(checklistNote), "Finding the right database."))
		waitSaved(t, ctx, "the note")
		openPage(t, ctx, away, 200)
		openPage(t, ctx, page, 200)
		if got := readChecklist(t, ctx); got.Note != "Finding the right database." {
			t.Errorf("back on the checklist, the note is %q", got.Note)
		}
	})
	t.Run("LeaveWhileTyping", func(t *testing.T) {
		// Follow Next before the pause in typing has passed: the note is
		// sent on the way out. The server may answer the next page first,
		// so the checklist is fetched until it shows the note.
		act(t, ctx, "add to the note", chromedp.SendKeys(chromedp.CSS(checklistNote), " And the catalog."))
		want := readChecklist(t, ctx).Note
		if !strings.Contains(want, "And the catalog.") || !strings.Contains(want, "Finding the right database.") {
			t.Fatalf("the note reads %q after typing", want)
		}
		followLink(t, ctx, "a.lode-next")
		waitJS(t, ctx, "the note typed before leaving to be kept", stepWait, fmt.Sprintf(`(async () => {
			const html = await (await fetch(%s)).text();
			return new DOMParser().parseFromString(html, "text/html").querySelector('textarea[name="note"]').value === %s;
		})()`, jsString(page), jsString(want)))
	})
	t.Run("FailureIsSaid", func(t *testing.T) {
		openPage(t, ctx, page, 200)
		// maxlength stops typing past the limit; a paste through script
		// does not, and the server refuses the note.
		evalJS[chromedp.Void](t, ctx, `(() => {
			const ta = document.querySelector('[data-lode-object] textarea[name="note"]');
			ta.value = "x".repeat(1001);
			ta.dispatchEvent(new Event("input", {bubbles: true}));
		})()`)
		waitJS(t, ctx, "the failure to be said", stepWait, fmt.Sprintf(`document.querySelector(%s).textContent.startsWith("Not saved")`, jsString(checklistStatus)))
		got := evalJS[struct {
			Text  string
			Error bool
		}](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector(%s);
			return {Text: s.textContent, Error: s.classList.contains("lode-autosave-error")}; })()`, jsString(checklistStatus)))
		if !strings.Contains(got.Text, "the limit is 1000") || !got.Error {
			t.Errorf("after a refused save the status is %+v", got)
		}
		if n := len(readChecklist(t, ctx).Note); n != 1001 {
			t.Errorf("the refused note was changed in the page: %d characters left", n)
		}
	})
	t.Run("WithoutJavaScript", func(t *testing.T) { checklistWithoutJavaScript(t, srv) })
}

// Without JavaScript, ticking and pressing Save posts the form to the
// object's page, which shows the saved ticks. A new tab is a new learner.
func checklistWithoutJavaScript(t *testing.T, srv *lodeServer) {
	ctx := newTab(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	page := srv.URL + objectPath("first-shift")
	openPage(t, ctx, page, 200)
	act(t, ctx, "tick the catalog", chromedp.Click(chromedp.CSS(checklistBox("catalog"))))
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`[data-lode-object] .lode-checklist-save`)))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || resp.URL != page {
		t.Fatalf("Save led to %s (%d), want the checklist again", resp.URL, resp.Status)
	}
	for _, item := range []string{"catalog", "tour"} {
		got, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(checklistBox(item)), "checked"))
		if err != nil {
			t.Fatal(err)
		}
		if want := item == "catalog"; got.Exists != want {
			t.Errorf("after Save, %s ticked: %v, want %v", item, got.Exists, want)
		}
	}
}
