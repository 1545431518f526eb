package main

import (
	"net/http"
	"testing"

	"github.com/lode-elearning/lode/engine/browsertest"
)

// TestPluginDevBenchInTheBrowser keeps the workbench open in a browser,
// answers the sample object from elsewhere, and sees the call appear on
// the open page, announced politely, without a reload; the page is
// accessible before and after.
func TestPluginDevBenchInTheBrowser(t *testing.T) {
	w := mustWorkbench(t)
	ctx := newTab(t)
	openPage(t, ctx, w.url+"/_dev", 200)
	checkAccessible(t, ctx, browsertest.Axe(t), "the workbench")
	// The page subscribes once its script has run; a change before that
	// would be in the page already, so wait for the stream to be open.
	waitJS(t, ctx, "the page's event stream to open", stepWait, `window.lodeBenchStream && window.lodeBenchStream.readyState === 1`)

	w.answer(t, "2")
	waitJS(t, ctx, "the call to appear without a reload", stepWait,
		`document.querySelector('#call-1 h3') !== null && document.getElementById('bench-status').textContent.includes('answer')`)
	if got := textOf(t, ctx, "#call-1 h3"); got == "" {
		t.Fatalf("the new call has no heading")
	}
	checkAccessible(t, ctx, browsertest.Axe(t), "the workbench with a call")
}

// TestServeHasNoWorkbench: only `lode plugin dev` serves /_dev.
func TestServeHasNoWorkbench(t *testing.T) {
	srv := mustServe(t)
	resp, err := http.Get(srv.URL + "/_dev")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("lode serve answers /_dev with %d, want 404", resp.StatusCode)
	}
}
