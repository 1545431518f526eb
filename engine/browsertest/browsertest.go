// Package browsertest holds what Lode's browser tests share: a headless
// Chromium that records the page's CSP violations, and axe-core's WCAG 2.1
// A and AA check. Tests in engine/http, engine/schemaform and cmd/lode use
// it, so that the rules a page is held to are the same everywhere.
//
// The browser runs at LODE_CHROMIUM (default /usr/bin/chromium) and axe-core
// comes from testdata/node_modules (`cd testdata && npm ci`). Without them a
// test is skipped, except in CI (CI=true), where it must run.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// SkipOrFail skips the test, or fails it when CI=true: CI must run every
// browser test.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI must run the browser tests: "+format, args...)
	}
	t.Skipf(format, args...)
}

// ChromiumPath is the Chromium the tests run: LODE_CHROMIUM, or Debian's.
func ChromiumPath() string {
	if p := os.Getenv("LODE_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// AllocatorOptions start a headless Chromium at ChromiumPath, as root, on a
// machine with no internet.
func AllocatorOptions(t testing.TB) []chromedp.ExecAllocatorOption {
	t.Helper()
	path := ChromiumPath()
	if _, err := os.Stat(path); err != nil {
		SkipOrFail(t, "no Chromium at %s (set LODE_CHROMIUM): %v", path, err)
	}
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // the tests run as root
		// Without these Chromium keeps trying to reach Google's services,
		// which the machine cannot.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-gpu", true),
	)
}

// Start starts a Chromium of the test's own, stopped when the test ends,
// and returns its tab, which records CSP violations (CSPViolations). The
// tab's deadline is the test binary's own, less half a minute to report:
// on a busy machine a page may take long, and only a hang should fail.
func Start(t *testing.T) context.Context {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), AllocatorOptions(t)...)
	ctx, cancel := chromedp.NewContext(actx)
	deadline := time.Now().Add(10 * time.Minute)
	if d, ok := t.Deadline(); ok {
		deadline = d.Add(-30 * time.Second)
	}
	ctx, cancelTimeout := context.WithDeadline(ctx, deadline)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := RecordCSP(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", ChromiumPath(), err)
	}
	return ctx
}

// recordCSP keeps, from the start of every page, the CSP violations it
// causes: there must be none, or something inline slipped in.
const recordCSP = `window.__csp = []; document.addEventListener('securitypolicyviolation',
	e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));`

// RecordCSP makes every page the tab loads from now on record its CSP
// violations.
func RecordCSP(tab context.Context) error {
	return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordCSP})
		return err
	}))
}

// CSPViolations returns the current page's CSP violations, each as the
// directive and what it blocked.
func CSPViolations(t testing.TB, ctx context.Context) []string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
	if err != nil {
		t.Fatalf("read the page's CSP violations: %v", err)
	}
	return v
}

// Axe returns axe-core's script.
func Axe(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(path)
	if err != nil {
		SkipOrFail(t, "axe-core is not installed (cd testdata && npm ci): %v", err)
	}
	return string(src)
}

// Violation is what axe-core reports for one rule that failed.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		HTML    string   `json:"html"`
		Target  []string `json:"target"`
		Summary string   `json:"failureSummary"`
	} `json:"nodes"`
}

// RunAxe runs axe-core's WCAG 2.1 A and AA rules on the current page. It
// is loaded through DevTools, which the page's CSP does not govern, and
// only once per page.
func RunAxe(t testing.TB, ctx context.Context, axe string) []Violation {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object"`))
	if err == nil && !loaded {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe))
	}
	if err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatalf("decode axe-core's result: %v", err)
	}
	return vs
}

// Check fails the test, naming the page, for each WCAG 2.1 A or AA
// violation axe-core finds on the current page and for any CSP violation.
func Check(t testing.TB, ctx context.Context, name, axe string) {
	t.Helper()
	if vs := RunAxe(t, ctx, axe); len(vs) > 0 {
		t.Errorf("%s: %d WCAG 2.1 A/AA violations:%s", name, len(vs), FormatViolations(vs))
	}
	if csp := CSPViolations(t, ctx); len(csp) > 0 {
		t.Errorf("%s: CSP violations %v", name, csp)
	}
}

// FormatViolations writes violations for a person fixing them.
func FormatViolations(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s [%s] %s (%s)", v.ID, v.Impact, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    - %s\n      %s", strings.Join(n.Target, " "), n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&b, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	return b.String()
}
