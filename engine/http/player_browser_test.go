package http_test

import (
	"maps"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/learning"
)

// linearM1 is the test module made linear, with another module after it.
func linearM1(m1 *learning.Module) catalog {
	m1.Sequencing = learning.SequencingLinear
	return catalog{m1, oneStep("m2", "Weeding the collection")}
}

// TestPlayerBrowser takes the module player through Chromium: a step this
// event unlocks becomes a link in place, the step list collapses on a
// phone and opens from the keyboard, and the step, locked and summary
// pages pass axe-core at 1280 and 320 px.
func TestPlayerBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	axe := browsertest.Axe(t)
	e := mustServe(t, editModules(linearM1))
	intro := e.URL + "/modules/m1/objects/intro"

	t.Run("Unlock", func(t *testing.T) {
		must(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(intro)))
		if eval[bool](t, ctx, `!!document.querySelector('[data-lode-step="practice"] a')`) {
			t.Fatal("the locked step is a link before the first is done")
		}
		if !eval[bool](t, ctx, `getComputedStyle(document.querySelector('[data-lode-step="practice"]')).display !== 'none'`) {
			t.Fatal("the step list is not shown on a wide screen")
		}
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-lode-object] button"))))
		poll(t, ctx, "the unlocked step's link", `!!document.querySelector('[data-lode-step="practice"] a[href="/modules/m1/objects/practice"]')`)
		got := eval[map[string]string](t, ctx, `(() => {
			const q = s => document.querySelector(s).textContent;
			return {intro: q('[data-lode-step="intro"] [data-lode-step-status]'), practice: q('[data-lode-step="practice"] a [data-lode-step-status]'),
				extra: q('[data-lode-step="extra"] [data-lode-step-status]'), done: q('[data-lode-steps-done]'), percent: q('[data-lode-percent-text]')};
		})()`)
		want := map[string]string{"intro": "Done", "practice": "Not started", "extra": "Locked", "done": "1", "percent": "50% complete"}
		if !maps.Equal(got, want) {
			t.Errorf("after the first step: %v, want %v", got, want)
		}
		checkWidths(t, ctx, "a step", axe)
	})
	t.Run("LockedAndSummary", func(t *testing.T) {
		for _, p := range []struct{ name, path string }{{"a locked step", "/modules/m1/objects/extra"}, {"the summary", "/modules/m1/summary"}} {
			must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+p.path)))
			checkWidths(t, ctx, p.name, axe)
		}
	})
	t.Run("NarrowScreen", func(t *testing.T) {
		must(t, chromedp.Do(ctx, chromedp.EmulateViewport(320, 568), chromedp.Navigate(intro)))
		defer func() { must(t, chromedp.Do(ctx, chromedp.EmulateReset())) }()
		if eval[bool](t, ctx, `document.querySelector('[data-lode-steps]').open`) {
			t.Error("the step list is open at 320 px")
		}
		if !eval[bool](t, ctx, `document.querySelector('[data-lode-object]').getBoundingClientRect().top < window.innerHeight`) {
			t.Error("the step's content starts below the first screen at 320 px")
		}
		// Keyboard only: Tab to the disclosure, Enter opens it, Tab reaches
		// the first step.
		eval[chromedp.Void](t, ctx, `document.activeElement.blur()`)
		for range 15 {
			if eval[bool](t, ctx, `document.activeElement.matches('[data-lode-steps] > summary')`) {
				break
			}
			must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
		}
		if got := eval[string](t, ctx, `document.activeElement.textContent`); got != "Steps: 1 of 3 done" {
			t.Fatalf("Tab reached %q, not the step list's disclosure", got)
		}
		must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
		poll(t, ctx, "the step list to open", `document.querySelector('[data-lode-steps]').open`)
		must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
		if got := eval[string](t, ctx, `document.activeElement.getAttribute('href')`); got != "/modules/m1/objects/intro" {
			t.Errorf("after opening the list, Tab went to %q, want the first step", got)
		}
		if !eval[bool](t, ctx, `getComputedStyle(document.activeElement).outlineStyle !== 'none'`) {
			t.Error("the focused step shows no outline")
		}
	})
}
