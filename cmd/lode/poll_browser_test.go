package main

// The poll, the content type made with `lode plugin new` (plugins/poll),
// works in Lode's page like the others: accessible, answered with a click
// without reloading, and its answer kept.

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/config"
)

func TestPollInTheBrowser(t *testing.T) {
	ctx := newTab(t)
	// Its own content folder: a second module in content/ would change the
	// catalog other tests read.
	srv := mustServe(t, func(c *config.Config) { c.ContentDir = "../../plugins/poll/example" })
	page := srv.URL + "/modules/library-poll/objects/services"
	openPage(t, ctx, page, 200)
	checkAccessible(t, ctx, browsertest.Axe(t), "the poll")

	answerPoll(t, ctx, "1", "Study rooms")
	checkAccessible(t, ctx, browsertest.Axe(t), "the poll, answered")

	openPage(t, ctx, page, 200)
	if got := textOf(t, ctx, `[data-lode-object] [role="status"]`); got != "Your answer: Study rooms" {
		t.Errorf("back on the poll, the status says %q", got)
	}
}

// answerPoll picks the poll's choice numbered value, whose text is text,
// with clicks, and waits for the poll to show it as the answer.
func answerPoll(t *testing.T, ctx context.Context, value, text string) {
	t.Helper()
	act(t, ctx, "choose "+text+" and answer",
		chromedp.Click(chromedp.CSS(`[data-lode-object] input[name="choice"][value="`+value+`"]`)),
		chromedp.Click(chromedp.CSS(`[data-lode-object] button[type="submit"]`)))
	waitJS(t, ctx, "the answer to show", stepWait,
		`document.querySelector('[data-lode-object] [role="status"]').textContent === "Your answer: `+text+`"`)
}
