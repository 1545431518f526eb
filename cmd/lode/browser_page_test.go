package main

// Small steps the browser tests are written in: each runs chromedp actions
// against the test's tab and fails the test, saying what it was doing, when
// they fail.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/browsertest"
)

// act runs actions that return nothing.
func act(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// evalJS evaluates a JavaScript expression, awaiting a promise, and decodes
// its value into T.
func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript predicate until it is true or within runs out.
func waitJS(t *testing.T, ctx context.Context, what string, within time.Duration, expr string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(within)))
	if err != nil {
		t.Fatalf("waiting %v for %s (%s): %v", within, what, expr, err)
	}
}

// openPage loads url and checks the status of the HTML document.
func openPage(t *testing.T, ctx context.Context, url string, wantStatus int64) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if resp.Status != wantStatus {
		t.Fatalf("open %s: status %d, want %d", url, resp.Status, wantStatus)
	}
}

// followLink clicks the link sel selects and waits for the page it leads to.
func followLink(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("follow %s: %v", sel, err)
	}
	if resp.Status != 200 {
		t.Fatalf("follow %s to %s: status %d", sel, resp.URL, resp.Status)
	}
}

// textOf returns the trimmed text content of the element sel selects, or ""
// when there is none: it does not wait.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return evalJS[string](t, ctx, fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? "").trim().replace(/\s+/g, " ")`, sel))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkAccessible runs axe-core on the current page at 1280 and at 320 px
// wide (a phone, and a desktop at 400% zoom), and checks that at 320 px
// nothing needs sideways scrolling (WCAG 1.4.10, reflow).
func checkAccessible(t *testing.T, ctx context.Context, axe, name string) {
	t.Helper()
	for _, width := range []int64{1280, 320} {
		act(t, ctx, "resize the window", chromedp.EmulateViewport(width, 900))
		if vs := browsertest.RunAxe(t, ctx, axe); len(vs) > 0 {
			t.Errorf("%s at %d px: %d WCAG 2.1 A/AA violations:%s", name, width, len(vs), browsertest.FormatViolations(vs))
		}
		if wide := evalJS[[]string](t, ctx, overflowingJS); len(wide) > 0 {
			t.Errorf("%s at %d px scrolls sideways; too wide: %s", name, width, strings.Join(wide, "; "))
		}
	}
	// Back to the browser's own size (browser_env_test.go); clearing the
	// override leaves a new context's tab at the emulated width.
	act(t, ctx, "restore the window", chromedp.EmulateViewport(1280, 1000))
}

// overflowingJS lists, when the page scrolls sideways, the innermost
// elements that reach past the window's right edge.
const overflowingJS = `document.documentElement.scrollWidth <= window.innerWidth ? [] :
	[...document.body.querySelectorAll("*")]
		.filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 &&
			![...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
		.slice(0, 3).map(el => el.outerHTML.slice(0, 160))`
