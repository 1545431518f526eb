package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lode-elearning/lode/engine/browsertest"
)

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
	ctx := browsertest.Start(t)
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
		axe := browsertest.Axe(t)
		for _, path := range []string{"/", "/modules/m1/objects/intro", "/modules/m1/objects/extra", "/profile", "/no/such/page", "/?signedout=1", "/profile/erased"} {
			must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+path)))
			browsertest.Check(t, ctx, path, axe)
		}
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/profile"), chromedp.SetValue(chromedp.CSS("#email"), "not an email")))
		resp, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS("form.lode-form")))
		if err != nil || resp.Status != 400 {
			t.Fatalf("submitting an invalid email: %v, %v", resp, err)
		}
		// autofocus happens as the browser next renders, after the load.
		poll(t, ctx, "focus on the invalid field", `document.activeElement.id === 'email'`)
		browsertest.Check(t, ctx, "/profile with an error", axe)

		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/profile")))
		resp, err = chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(`form[action="/profile/erase"]`)))
		if err != nil || resp.Status != 400 {
			t.Fatalf("erasing without confirming: %v, %v", resp, err)
		}
		// autofocus happens as the browser next renders, after the load.
		poll(t, ctx, "focus on the confirmation box", `document.activeElement.id === 'erase-confirm'`)
		browsertest.Check(t, ctx, "/profile with the erasure unconfirmed", axe)
	})
}
