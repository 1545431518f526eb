package schemaform_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/plugins/quiz"
)

// testPage serves the quiz's form as an editor would: GET shows it, POST
// applies an array button or saves (400 with the problems inline when the
// value is wrong), /preview renders Markdown. Its CSP allows no inline
// script or style, so the form must need none.
func testPage(t *testing.T) *httptest.Server {
	f, err := schemaform.New(schemaOf(t, quiz.New()))
	if err != nil {
		t.Fatal(err)
	}
	page := template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Edit quiz</title>
<link rel="stylesheet" href="/schemaform.css"><script src="/schemaform.js" defer></script></head>
<body><main><h1>Edit quiz</h1>{{with .Saved}}<pre id="saved">{{.}}</pre>{{end}}
<form method="post" action="/" novalidate>{{.Form}}<button type="submit" id="save">Save</button></form></main></body></html>`))
	show := func(w http.ResponseWriter, status int, form template.HTML, saved string) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_ = page.Execute(w, map[string]any{"Form": form, "Saved": saved})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		show(w, 200, f.RenderWith(json.RawMessage(quizConfig), nil, schemaform.Options{Prefix: "cfg.", PreviewURL: "/preview"}), "")
	})
	mux.HandleFunc("POST /{$}", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		res := f.DecodeResult(r.PostForm, "cfg.")
		o := schemaform.Options{Prefix: "cfg.", PreviewURL: "/preview", Focus: res.Focus}
		if res.Op != "" {
			show(w, 200, f.RenderWith(res.Value, res.Problems, o), "")
			return
		}
		if problems := schemaform.Merge(res.Problems, f.Validate(res.Value)); problems != nil {
			show(w, 400, f.RenderWith(res.Value, problems, o), "")
			return
		}
		show(w, 200, f.RenderWith(res.Value, nil, o), string(res.Value))
	})
	// Every built-in type's form, with the sample module's objects and a
	// problem on each object's first setting, on one page.
	mux.HandleFunc("GET /all", func(w http.ResponseWriter, r *http.Request) {
		var all template.HTML
		for i, o := range sampleObjects(t) {
			f, err := schemaform.New(schemaOf(t, builtins()[o.Type]))
			if err != nil {
				t.Error(err)
				return
			}
			var first map[string]json.RawMessage
			_ = json.Unmarshal(o.Config, &first)
			var problems []schemaform.Problem
			for k := range first {
				problems = append(problems, schemaform.Problem{Pointer: "/" + k, Message: "a problem with " + k})
				break
			}
			all += f.RenderWith(o.Config, problems, schemaform.Options{Prefix: fmt.Sprintf("o%d.", i), PreviewURL: "/preview"})
		}
		show(w, 200, all, "")
	})
	mux.HandleFunc("POST /preview", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<p>" + html.EscapeString(r.PostFormValue("markdown")) + "</p>"))
	})
	mux.HandleFunc("GET /schemaform.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(schemaform.JS()))
	})
	mux.HandleFunc("GET /schemaform.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		w.Write([]byte(schemaform.CSS()))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowser(t *testing.T) {
	srv := testPage(t)
	axe := browsertest.Axe(t)

	t.Run("KeyboardAddWithoutScript", func(t *testing.T) {
		ctx := browsertest.Start(t)
		must(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}), chromedp.Navigate(srv.URL)))
		// From the last question's last button, Tab reaches "Add question".
		must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#sf-cfg\.questions\.2\~remove`))))
		keys(t, ctx, kb.Tab)
		if id := activeID(t, ctx); id != "sf-cfg.questions~add" {
			t.Fatalf("Tab went to %q, not the Add question button", id)
		}
		keysAndWait(t, ctx, kb.Enter)
		// The new question has focus; Tab enters its first field, its id.
		waitFocus(t, ctx, "sf-cfg.questions.3")
		keys(t, ctx, kb.Tab)
		if id := activeID(t, ctx); id != "sf-cfg.questions.3.id" {
			t.Fatalf("Tab went to %q, not the new question's id", id)
		}
		keys(t, ctx, "d")
		keys(t, ctx, kb.Tab, "f") // the type: typing picks fill_in from the list
		keys(t, ctx, kb.Tab, "D?")
		// Back to the id field; Enter there saves: the form's hidden
		// default button, not the first array button, takes it.
		shiftTab := chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
		must(t, chromedp.Do(ctx, shiftTab, shiftTab))
		if id := activeID(t, ctx); id != "sf-cfg.questions.3.id" {
			t.Fatalf("Shift+Tab went to %q, not the new question's id", id)
		}
		keysAndWait(t, ctx, kb.Enter)
		saved := text(t, ctx, "#saved")
		var v struct{ Questions []map[string]any }
		must(t, json.Unmarshal([]byte(saved), &v))
		if len(v.Questions) != 4 || v.Questions[3]["id"] != "d" || v.Questions[3]["type"] != "fill_in" || v.Questions[3]["prompt"] != "D?" {
			t.Errorf("saved %s", saved)
		}
	})

	// axe-core needs scripts (it runs on timers): the pages are checked
	// with them on.
	t.Run("Accessibility", func(t *testing.T) {
		ctx := browsertest.Start(t)
		must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL)))
		browsertest.Check(t, ctx, "the form", axe)
		_, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#sf-cfg\.questions\~add`)))
		must(t, err)
		waitFocus(t, ctx, "sf-cfg.questions.3")
		browsertest.Check(t, ctx, "the form after adding a question", axe)
		must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/all")))
		browsertest.Check(t, ctx, "every built-in's form", axe)
	})

	t.Run("ErrorSummary", func(t *testing.T) {
		ctx := browsertest.Start(t)
		must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL),
			chromedp.SetValue(chromedp.CSS(`#sf-cfg\.questions\.0\.points`), "two"),
			chromedp.SetValue(chromedp.CSS(`#sf-cfg\.questions\.1\.prompt`), " ")))
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("#save")))
		if err != nil || resp.Status != 400 {
			t.Fatalf("saving bad input: %v, %v", resp, err)
		}
		waitFocus(t, ctx, "sf-cfg.form-summary") // autofocus, after the load
		browsertest.Check(t, ctx, "the form with errors", axe)
		summary := text(t, ctx, ".sf-summary")
		for _, want := range []string{`Question 1 › Points: "points" must be a number, not the text "two"`, `Question 2 › Prompt: "prompt" must not be blank`} {
			if !strings.Contains(summary, want) {
				t.Errorf("the summary says %q, want %q", summary, want)
			}
		}
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.sf-summary li:nth-child(2) a`))))
		waitFocus(t, ctx, "sf-cfg.questions.1.prompt")
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.sf-summary li:nth-child(1) a`))))
		waitFocus(t, ctx, "sf-cfg.questions.0.points")
		if v := eval[string](t, ctx, `document.activeElement.value`); v != "two" {
			t.Errorf("the field holds %q, not what the author typed", v)
		}
	})

	t.Run("MarkdownPreview", func(t *testing.T) {
		ctx := browsertest.Start(t)
		must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL), chromedp.WaitReady(chromedp.CSS(".sf-preview-toggle")),
			chromedp.Click(chromedp.CSS(`#sf-cfg\.questions\.0\.prompt + .sf-preview-toggle`))))
		waitFor(t, ctx, "the preview", `document.querySelector('#sf-cfg\\.questions\\.0\\.prompt-preview').textContent === 'A?'`)
		if eval[string](t, ctx, `document.querySelector('#sf-cfg\\.questions\\.0\\.prompt + button').getAttribute('aria-expanded')`) != "true" {
			t.Error("the preview button does not say it is expanded")
		}
		browsertest.Check(t, ctx, "the form with a preview", axe)
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%.200s: %v", js, err)
	}
	return v
}

func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(0))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, js, err)
	}
}

// keys types into whatever has focus, as a keyboard does.
func keys(t *testing.T, ctx context.Context, ks ...string) {
	t.Helper()
	for _, k := range ks {
		must(t, chromedp.Do(ctx, chromedp.KeyEvent(k)))
	}
}

// keysAndWait types a key that submits the form and waits for the page
// it loads.
func keysAndWait(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // no page: fail, not hang
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatal(err)
	}
}

// activeID is the id of the focused element. DevTools evaluates it even
// with the page's scripts disabled.
func activeID(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.activeElement.id`)
}

// waitFocus waits for the element with id to have focus: autofocus runs
// as the browser next renders, after the load. It polls from Go, not with
// chromedp.Poll, whose page-side timers do not run with scripts disabled.
func waitFocus(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for activeID(t, ctx) != id {
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for focus on #%s: it is on #%s", id, activeID(t, context.WithoutCancel(ctx)))
		case <-tick.C:
		}
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	must(t, err)
	return s
}
