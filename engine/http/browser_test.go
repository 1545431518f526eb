package http_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axePath is axe-core, installed by `npm ci` in testdata (see .ci/run).
const axePath = "../../testdata/node_modules/axe-core/axe.min.js"

// mustChrome starts a headless Chromium from LODE_CHROMIUM (default
// /usr/bin/chromium), skipping the test without it, except in CI, where it
// must run.
func mustChrome(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("LODE_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must run the browser tests: no Chromium at %s (set LODE_CHROMIUM): %v", path, err)
		}
		t.Skipf("no Chromium at %s (set LODE_CHROMIUM): %v", path, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// The test's own deadline, not a guess at how fast this machine is:
	// on a busy machine a page may take long, and only a hang should fail.
	deadline := time.Now().Add(10 * time.Minute)
	if d, ok := t.Deadline(); ok {
		deadline = d.Add(-30 * time.Second)
	}
	ctx, cancelTimeout := context.WithDeadline(ctx, deadline)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	// Record CSP violations from the start of every page: there must be
	// none, or something inline slipped in.
	const record = `window.__csp = []; document.addEventListener('securitypolicyviolation',
		e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));`
	must(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: record})
		return err
	})))
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		if len(js) > 200 {
			js = js[:200] + "…" // axe-core is half a megabyte
		}
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func poll(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(0))); err != nil { // until ctx's deadline
		t.Fatalf("waiting for %s (%s): %v", what, js, err)
	}
}

// snapshot is what lode.js changes on the object page.
type snapshot struct {
	Feedback  string
	Role      string
	Focused   bool // the live region has focus
	Percent   string
	Bar       int
	Step      string
	State     string
	Object    string
	Rendered  int
	Disabled  bool
	Completed bool // the completion notice shows
}

const snapshotJS = `(() => {
	const q = s => document.querySelector(s);
	const fb = q('[data-lode-feedback]');
	return {
		Feedback: fb.textContent.trim(), Role: fb.getAttribute('role'), Focused: document.activeElement === fb,
		Percent: q('[data-lode-percent-text]').textContent, Bar: q('[data-lode-progress]').value,
		Step: q('[data-lode-step] [data-lode-step-status]').textContent,
		State: q('[data-lode-object]').dataset.lodeState, Object: q('[data-lode-object] p').textContent,
		Rendered: window.__rendered || 0, Disabled: q('[data-lode-object] button').disabled,
		Completed: !q('[data-lode-complete]').hidden,
	};
})()`

func TestBrowser(t *testing.T) {
	ctx := mustChrome(t)
	e := mustServe(t)
	obj := e.URL + "/modules/m1/objects/intro"

	t.Run("SubmitWithKeyboard", func(t *testing.T) {
		must(t, chromedp.Do(ctx, chromedp.Navigate(obj)))
		eval[chromedp.Void](t, ctx, `document.addEventListener('lode:rendered', () => window.__rendered = (window.__rendered || 0) + 1)`)
		must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("[data-lode-object] button"), kb.Enter)))
		poll(t, ctx, "the feedback", `document.querySelector('[data-lode-feedback]').textContent.includes('pong')`)
		got := eval[snapshot](t, ctx, snapshotJS)
		want := snapshot{Feedback: "pong", Role: "status", Focused: true, Percent: "50% complete", Bar: 50,
			Step: "Done", State: `{"Count":1}`, Object: `Welcome: {"Count":1}`, Rendered: 1}
		if got != want {
			t.Errorf("after submitting:\n got %+v\nwant %+v", got, want)
		}
	})
	t.Run("ErrorKeepsForm", func(t *testing.T) {
		e.Sessions.Flush()
		must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("[data-lode-object] button"), kb.Enter)))
		poll(t, ctx, "the error", `document.querySelector('[data-lode-feedback]').textContent.includes('reload')`)
		got := eval[snapshot](t, ctx, snapshotJS)
		if got.Role != "alert" || !got.Focused || got.Object != `Welcome: {"Count":1}` || got.Disabled || got.Rendered != 1 {
			t.Errorf("after an error: %+v", got)
		}
		if !strings.HasPrefix(got.Feedback, "Your session has ended") {
			t.Errorf("message %q", got.Feedback)
		}
	})
	t.Run("CompletionNotice", func(t *testing.T) {
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/modules/m1/objects/practice"))) // restores the learner
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-lode-object] button"))))
		poll(t, ctx, "the completion notice", `!document.querySelector('[data-lode-complete]').hidden`)
		got := eval[snapshot](t, ctx, snapshotJS)
		if !strings.Contains(got.Feedback, "1.5 CE hours") || got.Percent != "100% complete" || got.Role != "status" {
			t.Errorf("after completing: %+v", got)
		}
	})
	t.Run("LodeSend", func(t *testing.T) {
		body := eval[map[string]any](t, ctx, `Lode.send(document.querySelector('[data-lode-object] p'), {type: 'ping', data: {from: 'script'}})`)
		if p, _ := body["progress"].(map[string]any); p["percent"] != 100.0 {
			t.Errorf("Lode.send resolved with %v", body)
		}
		if state := eval[map[string]any](t, ctx, `Lode.state(document.querySelector('[data-lode-object] p'))`); state["Count"] != 1.0 {
			t.Errorf("Lode.state %v: without rerender the state is the rendered one", state)
		}
		msg := eval[string](t, ctx, `Lode.send(document.body, {type: 'ping'}).then(() => '', e => e.message)`)
		if !strings.Contains(msg, "not inside a learning object") {
			t.Errorf("Lode.send outside an object: %q", msg)
		}
	})
	t.Run("Accessibility", func(t *testing.T) {
		axe, err := os.ReadFile(axePath)
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal(err)
			}
			t.Skipf("axe-core is not installed (cd testdata && npm ci): %v", err)
		}
		for _, path := range []string{"/", "/modules/m1/objects/intro", "/modules/m1/objects/extra", "/profile", "/no/such/page", "/?signedout=1", "/profile/erased"} {
			must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+path)))
			checkAxe(t, ctx, path, string(axe))
		}
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/profile"), chromedp.SetValue(chromedp.CSS("#email"), "not an email")))
		resp, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS("form.lode-form")))
		if err != nil || resp.Status != 400 {
			t.Fatalf("submitting an invalid email: %v, %v", resp, err)
		}
		// autofocus happens as the browser next renders, after the load.
		poll(t, ctx, "focus on the invalid field", `document.activeElement.id === 'email'`)
		checkAxe(t, ctx, "/profile with an error", string(axe))

		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/profile")))
		resp, err = chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(`form[action="/profile/erase"]`)))
		if err != nil || resp.Status != 400 {
			t.Fatalf("erasing without confirming: %v, %v", resp, err)
		}
		// autofocus happens as the browser next renders, after the load.
		poll(t, ctx, "focus on the confirmation box", `document.activeElement.id === 'erase-confirm'`)
		checkAxe(t, ctx, "/profile with the erasure unconfirmed", string(axe))
	})
}

// checkAxe runs axe-core's WCAG 2.1 A and AA rules on the current page and
// checks that it had no CSP violation.
func checkAxe(t *testing.T, ctx context.Context, name, axe string) {
	t.Helper()
	eval[chromedp.Void](t, ctx, axe) // DevTools evaluation is not subject to the page's CSP
	raw := eval[[]byte](t, ctx, `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})
		.then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.html)})))`)
	var violations []struct {
		ID, Help string
		Nodes    []string
	}
	must(t, json.Unmarshal(raw, &violations))
	for _, v := range violations {
		t.Errorf("%s: %s (%s): %v", name, v.ID, v.Help, v.Nodes)
	}
	if csp := eval[[]string](t, ctx, `window.__csp`); len(csp) > 0 {
		t.Errorf("%s: CSP violations %v", name, csp)
	}
}
