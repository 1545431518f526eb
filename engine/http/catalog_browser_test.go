package http_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lode-elearning/lode/engine/browsertest"
)

// TestCatalogBrowser checks the catalog in Chromium: covers load, the
// search works from the keyboard without help from script, and axe-core
// finds nothing at 1280 and 320 px, searched or not, matching or not.
func TestCatalogBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	axe := browsertest.Axe(t)
	e := mustServe(t, withModules(catalogModules(t)))
	// A learner midway through m1, so that a card shows progress.
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/modules/m1/objects/intro"), chromedp.Click(chromedp.CSS("[data-lode-object] button"))))
	poll(t, ctx, "the answer", `document.querySelector('[data-lode-feedback]').textContent.includes('pong')`)

	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/")))
	poll(t, ctx, "the cover to load", `(img => img && img.complete && img.naturalWidth > 0)(document.querySelector('img.lode-card-cover'))`)
	checkWidths(t, ctx, "the catalog", axe)

	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#catalog-q"), "privacidad")))
	resp, err := chromedp.RunResponse(ctx, chromedp.SendKeys(chromedp.CSS("#catalog-q"), kb.Enter))
	if err != nil || resp.Status != 200 || !strings.Contains(resp.URL, "/?q=privacidad&") {
		t.Fatalf("pressing Enter in the search box: %v, %v", resp, err)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.lode-card').length`); n != 1 {
		t.Errorf("searching from the keyboard found %d modules, want 1", n)
	}
	checkWidths(t, ctx, "a search", axe)

	for _, path := range []string{"/?q=nothing+at+all", "/?topic=Customer+service&language=en"} {
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+path)))
		checkWidths(t, ctx, path, axe)
	}
}
