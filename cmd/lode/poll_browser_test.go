package main

// The poll, the content type made with `lode plugin new` (plugins/poll),
// works in Lode's page like the others: accessible, answered with a click
// without reloading, and its answer kept.

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/config"
)

func TestPollInTheBrowser(t *testing.T) {
	ctx := newTab(t)
	// Its own content folder: a second module in content/ would change the
	// catalog other tests read.
	srv := mustServe(t, func(c *config.Config) { c.ContentDir = "../../plugins/poll/example" })
	page := srv.URL + "/modules/library-poll/objects/services"
	openPage(t, ctx, page, 200)
	checkAccessible(t, ctx, axeSource(t), "the poll")

	act(t, ctx, "choose study rooms and answer",
		chromedp.Click(chromedp.CSS(`[data-lode-object] input[name="choice"][value="1"]`)),
		chromedp.Click(chromedp.CSS(`[data-lode-object] button[type="submit"]`)))
	waitJS(t, ctx, "the answer to show", stepWait,
		`document.querySelector('[data-lode-object] [role="status"]').textContent === "Your answer: Study rooms"`)
	checkAccessible(t, ctx, axeSource(t), "the poll, answered")

	openPage(t, ctx, page, 200)
	if got := textOf(t, ctx, `[data-lode-object] [role="status"]`); got != "Your answer: Study rooms" {
		t.Errorf("back on the poll, the status says %q", got)
	}
}
