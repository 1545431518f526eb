package main

// End-to-end tests in a real browser: a learner goes through the sample
// module (content/reference-desk-basics) as the real lode serves it, with
// the built-in content types running as plugin processes, and the learner
// pages are checked against WCAG 2.1 AA with axe-core and with the keyboard.
// They need Chromium (LODE_CHROMIUM, default /usr/bin/chromium) and axe-core
// (cd testdata && npm ci); without them they skip, except in CI (CI=true).
//
//	go test ./cmd/lode/ -run 'TestLearner|TestKeyboard|TestVideo' -v

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// sampleModule is the module in content/reference-desk-basics, and
// sampleObjects its objects in order.
const sampleModule = "/modules/reference-desk-basics"

var sampleObjects = []string{"welcome", "media-check", "interview", "first-shift", "check", "have-your-say"}

func objectPath(id string) string { return sampleModule + "/objects/" + id }

// stepWait bounds each wait for the server's answer to an interaction:
// long enough that only a hang, not a busy machine, runs it out.
const stepWait = time.Minute

func TestLearnerCompletesSampleModule(t *testing.T) {
	ctx := newTab(t) // first: it skips without Chromium
	srv := mustServe(t)
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"OpenFromCatalog", func(t *testing.T) {
			openPage(t, ctx, srv.URL+"/", 200)
			followLink(t, ctx, `.lode-catalog a[href="`+sampleModule+`"]`)
			wantTitle(t, ctx, "Welcome")
		}},
		{"ReadWelcome", func(t *testing.T) {
			markAsRead(t, ctx, "welcome")
			goNext(t, ctx, "Check your sound and captions")
		}},
		{"WatchVideo", func(t *testing.T) {
			watchVideoToEnd(t, ctx)
			goNext(t, ctx, "The reference interview")
		}},
		{"ReadInterview", func(t *testing.T) {
			markAsRead(t, ctx, "interview")
			goNext(t, ctx, "Before your first shift")
		}},
		{"TickChecklist", func(t *testing.T) {
			tickRequiredItems(t, ctx)
			waitStepDone(t, ctx, "first-shift")
			waitJS(t, ctx, "the checklist to say it is complete", stepWait, `!!document.querySelector(".lode-checklist-done")`)
			goNext(t, ctx, "Check your understanding")
		}},
		{"PassQuizWithKeyboard", func(t *testing.T) {
			wantPassMarkOnce(t, ctx)
			answerQuiz(t, ctx, correctAnswers)
			feedback := submitQuizWithKeyboard(t, ctx)
			if !strings.Contains(feedback, "You passed") {
				t.Errorf("the feedback region says %q, want it to say You passed", feedback)
			}
			if got := textOf(t, ctx, ".lode-quiz-outcome"); !strings.Contains(got, "You passed") {
				t.Errorf("the quiz's outcome says %q, want You passed", got)
			}
			waitStepDone(t, ctx, "check")
		}},
		{"ModuleCompletionNotice", func(t *testing.T) {
			waitJS(t, ctx, "the module completion notice", stepWait, `!document.querySelector("[data-lode-complete]").hidden`)
			wantCEHours(t, textOf(t, ctx, "[data-lode-complete]"))
			wantCEHours(t, textOf(t, ctx, "[data-lode-feedback]"))
			if got := evalJS[float64](t, ctx, `document.querySelector("[data-lode-progress]").value`); got != 100 {
				t.Errorf("the module progress bar is at %v, want 100", got)
			}
		}},
		{"ResumeAfterReload", func(t *testing.T) {
			openPage(t, ctx, srv.URL+sampleModule, 200)
			wantTitle(t, ctx, "Check your understanding")
			if !evalJS[bool](t, ctx, `!!document.querySelector('[data-lode-step="check"] a[aria-current="step"]')`) {
				t.Errorf("the step list does not mark the quiz as the current step")
			}
			if got := textOf(t, ctx, ".lode-quiz-outcome"); !strings.Contains(got, "You passed") {
				t.Errorf("after a reload the quiz shows %q, want the passed result", got)
			}
			if evalJS[bool](t, ctx, `document.querySelector("[data-lode-complete]").hidden`) {
				t.Errorf("after a reload the module completion notice is hidden")
			}
		}},
		{"AccessibleWhenComplete", func(t *testing.T) {
			// Only a finished module shows the completion notice, a passed
			// quiz's review and every step done.
			checkAccessible(t, ctx, browsertest.Axe(t), sampleModule+" when complete")
		}},
		{"CatalogShowsCompleted", func(t *testing.T) {
			openPage(t, ctx, srv.URL+"/", 200)
			card := evalJS[struct {
				Value          float64
				Text, Progress string
			}](t, ctx, `(() => {
				const card = document.querySelector(".lode-card:has(h2 a[href='/modules/reference-desk-basics'])"), p = card.querySelector("progress");
				const dt = [...card.querySelectorAll(".lode-facts dt")].find(dt => dt.textContent.trim() === "Your progress");
				return {Value: p.value, Text: p.textContent, Progress: dt ? dt.nextElementSibling.textContent.trim() : ""};
			})()`)
			if card.Value != 100 || card.Text != "100%" || card.Progress != "Completed" {
				t.Errorf("the catalog shows progress %v (%q), status %q; want 100%% and Completed", card.Value, card.Text, card.Progress)
			}
		}},
		{"ReturnToChecklist", func(t *testing.T) {
			// The checklist invites learners to come back; saving again
			// must not complete the module a second time.
			openPage(t, ctx, srv.URL+objectPath("first-shift"), 200)
			act(t, ctx, "tick the optional item", chromedp.Click(chromedp.CSS(`[data-lode-object] input[name="items"][value="meet-team"]`)))
			act(t, ctx, "save the checklist", chromedp.Click(chromedp.CSS(`[data-lode-object] .lode-checklist-save`)))
			waitJS(t, ctx, "the checklist to be saved", stepWait, `document.querySelector("[data-lode-feedback]").textContent.trim() !== ""`)
			if got := textOf(t, ctx, "[data-lode-feedback]"); strings.Contains(got, "Module complete") || ceHours.MatchString(got) {
				t.Errorf("saving the checklist again announces the module's completion again: %q", got)
			}
		}},
		{"AnswerPoll", func(t *testing.T) {
			// The optional last step, the poll made with the author's kit:
			// answering it changes nothing of the completed module.
			openPage(t, ctx, srv.URL+objectPath("have-your-say"), 200)
			answerPoll(t, ctx, "0", "The reference interview")
			waitStepDone(t, ctx, "have-your-say")
			if got := textOf(t, ctx, "[data-lode-feedback]"); strings.Contains(got, "Module complete") || ceHours.MatchString(got) {
				t.Errorf("answering the poll announces the module's completion again: %q", got)
			}
		}},
		{"Statements", func(t *testing.T) {
			checkStatements(t, srv, learnerID(t, ctx, srv.URL))
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			return // each step starts where the one before ended
		}
	}
}

func wantTitle(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if got := textOf(t, ctx, "#lode-object-title"); got != want {
		t.Fatalf("the page is %q, want %q", got, want)
	}
}

var ceHours = regexp.MustCompile(`earned 1 CE hours?\b`)

func wantCEHours(t *testing.T, text string) {
	t.Helper()
	if !ceHours.MatchString(text) {
		t.Errorf("%q does not say the learner earned 1 CE hour", text)
	}
}

// waitStepDone waits until the step list, updated from the server's
// answer, says the object is done.
func waitStepDone(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	waitJS(t, ctx, "step "+id+" to be done", stepWait,
		fmt.Sprintf(`document.querySelector('[data-lode-step=%s]')?.dataset.status === "done"`, jsString(id)))
}

func markAsRead(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	act(t, ctx, "click Mark as read", chromedp.Click(chromedp.CSS(`[data-lode-object] .lode-page-complete button`)))
	waitStepDone(t, ctx, id)
	if got := textOf(t, ctx, ".lode-page-done"); !strings.Contains(got, "You have read this page") {
		t.Errorf("after Mark as read the page says %q", got)
	}
}

func goNext(t *testing.T, ctx context.Context, title string) {
	t.Helper()
	followLink(t, ctx, "a.lode-next")
	wantTitle(t, ctx, title)
}

// videoStateJS describes the video and its tracking, for waits and reports.
const videoStateJS = `(() => {
	const v = document.querySelector("[data-lode-object] video");
	return {
		ended: v.ended, time: v.currentTime, duration: v.duration, error: v.error && v.error.message,
		status: document.querySelector(".lode-video-status").textContent,
		complete: document.querySelector(".lode-video-status").classList.contains("lode-video-complete"),
		step: document.querySelector('[data-lode-step="media-check"]').dataset.status,
		feedback: document.querySelector("[data-lode-feedback]").textContent.trim(),
	};
})()`

// watchVideoToEnd plays the sample video (6 s) muted, as a learner would
// press play, and waits until video.js has reported it and the server has
// recorded the video as done.
func watchVideoToEnd(t *testing.T, ctx context.Context) {
	t.Helper()
	evalJS[chromedp.Void](t, ctx, `(async () => {
		const v = document.querySelector("[data-lode-object] video");
		v.muted = true;
		await v.play();
	})()`)
	const done = `(() => { const s = ` + videoStateJS + `; return s.ended && s.complete && s.step === "done"; })()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](done, chromedp.WithPollingTimeout(25*time.Second), chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		t.Fatalf("the video did not reach completion through video.js: %v\nstate: %s", err, evalJS[[]byte](t, ctx, videoStateJS))
	}
	if got := textOf(t, ctx, ".lode-video-status"); !strings.HasSuffix(got, "— complete") {
		t.Errorf("the video status says %q, want it to end with — complete", got)
	}
}

func tickRequiredItems(t *testing.T, ctx context.Context) {
	t.Helper()
	for _, item := range []string{"tour", "policy", "catalog"} {
		act(t, ctx, "tick "+item, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-lode-object] input[name="items"][value=%s]`, jsString(item)))))
	}
	act(t, ctx, "save the checklist", chromedp.Click(chromedp.CSS(`[data-lode-object] .lode-checklist-save`)))
}

// quizAnswer is one choice to select, by the question's id (the inputs'
// name) and the choice's id (their value): the quiz shuffles its choices,
// so positions mean nothing. A text answer is typed.
type quizAnswer struct{ question, choice, text string }

// correctAnswers are the right answers of content/reference-desk-basics/module.yaml.
var correctAnswers = []quizAnswer{
	{question: "open-question", choice: "p1"},
	{question: "interview-steps", choice: "approach"},
	{question: "interview-steps", choice: "paraphrase"},
	{question: "interview-steps", choice: "follow-up"},
	{question: "privacy", choice: "false"},
	{question: "ill", text: "interlibrary loan"},
	{question: "follow-up-when", choice: "end"},
}

var quizQuestions = []string{"open-question", "interview-steps", "privacy", "ill", "follow-up-when"}

func answerQuiz(t *testing.T, ctx context.Context, answers []quizAnswer) {
	t.Helper()
	for _, a := range answers {
		if a.text != "" {
			sel := fmt.Sprintf(`[data-lode-object] input[name=%s]`, jsString(a.question))
			act(t, ctx, "type the answer to "+a.question, chromedp.SendKeys(chromedp.CSS(sel), a.text))
			continue
		}
		sel := fmt.Sprintf(`[data-lode-object] input[name=%s][value=%s]`, jsString(a.question), jsString(a.choice))
		act(t, ctx, "choose "+a.choice+" for "+a.question, chromedp.Click(chromedp.CSS(sel)))
		if !evalJS[bool](t, ctx, fmt.Sprintf(`document.querySelector(%s).checked`, jsString(sel))) {
			t.Fatalf("%s is not selected after clicking it", sel)
		}
	}
}

// submitQuizWithKeyboard focuses the submit button, presses Enter, and
// checks that focus moves to the result while the feedback region, whose
// text it returns, announces it.
func submitQuizWithKeyboard(t *testing.T, ctx context.Context) string {
	t.Helper()
	const button = `[data-lode-object] .lode-quiz-form button[type="submit"]`
	act(t, ctx, "focus the submit button", chromedp.Focus(chromedp.CSS(button)))
	if !evalJS[bool](t, ctx, fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(button))) {
		t.Fatalf("the submit button does not take focus")
	}
	act(t, ctx, "press Enter on the submit button", chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "the feedback of the submission", stepWait, `document.querySelector("[data-lode-feedback]").textContent.trim() !== ""`)
	wantFocusOnResult(t, ctx)
	return textOf(t, ctx, "[data-lode-feedback]")
}

// wantFocusOnResult checks that focus is on the quiz's result, where the
// score is, and that the live region announces it.
func wantFocusOnResult(t *testing.T, ctx context.Context) {
	t.Helper()
	focus := evalJS[struct {
		OnResult bool
		Active   string
		Live     string
	}](t, ctx, `({
		OnResult: document.activeElement === document.querySelector("[data-lode-object] .lode-quiz-summary"),
		Active: document.activeElement.outerHTML.slice(0, 120),
		Live: document.querySelector("[data-lode-feedback]").getAttribute("aria-live"),
	})`)
	if !focus.OnResult {
		t.Errorf("after submitting, focus is on %s, want the result", focus.Active)
	}
	if focus.Live != "polite" || !strings.Contains(textOf(t, ctx, "[data-lode-feedback]"), "You scored") {
		t.Errorf("the live region (aria-live %q) says %q, want the score", focus.Live, textOf(t, ctx, "[data-lode-feedback]"))
	}
}

// learnerID reads the learner from the signed lode_learner cookie
// ("ID.MAC"), which is HttpOnly: only DevTools can read it.
func learnerID(t *testing.T, ctx context.Context, baseURL string) string {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{baseURL + "/"}})
	if err != nil {
		t.Fatalf("read the cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == "lode_learner" {
			id, _, _ := strings.Cut(c.Value, ".")
			return id
		}
	}
	t.Fatalf("the browser has no lode_learner cookie")
	return ""
}

// checkStatements reads the learner's statements from the SQLite database
// in the server's data folder.
func checkStatements(t *testing.T, srv *lodeServer, learner string) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(srv.DataDir, "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	actor := xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: srv.URL, Name: learner}}
	stmts, _, err := db.Statements(t.Context(), lrs.StatementFilter{Agent: actor.IFI(), Ascending: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}    // verb and object
	success := map[string]bool{} // answered statements' result
	registrations := map[string]bool{}
	for _, s := range stmts {
		key := s.Verb.ID + " " + s.Object.ID
		count[key]++
		if s.Result != nil && s.Result.Success != nil {
			success[key] = *s.Result.Success
		}
		if s.Context != nil {
			registrations[s.Context.Registration] = true
		}
	}
	module := srv.URL + sampleModule
	quiz, video, poll := srv.URL+objectPath("check"), srv.URL+objectPath("media-check"), srv.URL+objectPath("have-your-say")
	type wantCount struct {
		what, verb, object string
		min, max           int
	}
	want := []wantCount{
		{"the module completed", sdk.VerbCompleted.ID, module, 1, 1},
		{"the module passed", sdk.VerbPassed.ID, module, 1, 1},
		{"the quiz passed", sdk.VerbPassed.ID, quiz, 1, 1},
		{"the quiz failed", sdk.VerbFailed.ID, quiz, 0, 0},
		{"the video played", sdk.VerbPlayed.ID, video, 1, 10},
		{"the video completed", sdk.VerbCompleted.ID, video, 1, 1},
		{"the poll answered", sdk.VerbAnswered.ID, poll, 1, 1},
	}
	for _, q := range quizQuestions {
		want = append(want, wantCount{"question " + q + " answered", sdk.VerbAnswered.ID, quiz + "/questions/" + q, 1, 1})
	}
	for _, w := range want {
		if n := count[w.verb+" "+w.object]; n < w.min || n > w.max {
			t.Errorf("%s: %d statements %s %s, want %d to %d", w.what, n, w.verb, w.object, w.min, w.max)
		}
	}
	answered := 0
	for key, n := range count {
		if strings.HasPrefix(key, sdk.VerbAnswered.ID+" "+quiz+"/") {
			answered += n
			if !success[key] {
				t.Errorf("%s: the answer is recorded as wrong", key)
			}
		}
	}
	if answered != len(quizQuestions) {
		t.Errorf("%d answered statements, want %d", answered, len(quizQuestions))
	}
	if len(registrations) != 1 || registrations[""] {
		t.Errorf("the statements carry the registrations %v, want one", registrations)
	}
	if t.Failed() {
		for _, s := range stmts {
			t.Logf("statement: %s %s", s.Verb.ID, s.Object.ID)
		}
	}
}

func TestLearnerPagesAreAccessible(t *testing.T) {
	ctx := newTab(t)
	axe := browsertest.Axe(t)
	srv := mustServe(t)
	pages, failed := 0, 0
	check := func(name string) {
		t.Helper()
		pages++
		before := t.Failed()
		checkAccessible(t, ctx, axe, name)
		if !before && t.Failed() {
			failed++
		}
	}
	openPage(t, ctx, srv.URL+"/", 200)
	check("the catalog (/)")
	for _, id := range sampleObjects {
		openPage(t, ctx, srv.URL+objectPath(id), 200)
		if id == "media-check" {
			waitJS(t, ctx, "the video's metadata", stepWait, `document.querySelector("[data-lode-object] video").readyState >= 1`)
		}
		check(objectPath(id) + " (fresh)")
	}

	openPage(t, ctx, srv.URL+objectPath("first-shift"), 200)
	tickRequiredItems(t, ctx)
	waitStepDone(t, ctx, "first-shift")
	check(objectPath("first-shift") + " (saved, with feedback)")

	// Three wrong answers, two of them with feedback: the review shows
	// right and wrong answers, feedback, the retry button and the live
	// region's summary.
	openPage(t, ctx, srv.URL+objectPath("check"), 200)
	answerQuiz(t, ctx, []quizAnswer{
		{question: "open-question", choice: "p2"},
		{question: "interview-steps", choice: "approach"},
		{question: "privacy", choice: "true"},
		{question: "ill", text: "interlibrary loan"},
		{question: "follow-up-when", choice: "end"},
	})
	act(t, ctx, "submit the quiz", chromedp.Click(chromedp.CSS(`[data-lode-object] .lode-quiz-form button[type="submit"]`)))
	waitJS(t, ctx, "the quiz's review", stepWait, `!!document.querySelector("[data-lode-object] .lode-quiz-review") && document.querySelector("[data-lode-feedback]").textContent.trim() !== ""`)
	check(objectPath("check") + " (review after a failed attempt, with feedback)")

	openPage(t, ctx, srv.URL+"/profile", 200)
	check("/profile")
	openPage(t, ctx, srv.URL+"/no/such/page", 404)
	check("a 404 page (/no/such/page)")
	if failed > 0 {
		t.Logf("%d of %d pages have WCAG 2.1 A/AA violations", failed, pages)
	}
}

// focusStyle is what draws a focus indicator.
type focusStyle struct {
	OutlineStyle, OutlineWidth, OutlineColor, BoxShadow string
}

// focusable describes one element for the keyboard test. Key is the same
// for every radio button of a group: Tab stops at a group once.
type focusable struct {
	ID, Key, Desc string
	Style         focusStyle
	None          bool // nothing is focused
}

// keyboardJS defines the page side of the keyboard test.
const keyboardJS = `window.__kbd = (() => {
	let next = 0;
	const id = el => el.dataset.kbdId || (el.dataset.kbdId = "k" + (next++));
	const key = el => el.type === "radio" && el.name ? "radio group " + el.name : id(el);
	const desc = el => {
		const label = el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent;
		return "<" + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
			"> " + JSON.stringify((label || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 50));
	};
	const style = el => {
		const cs = getComputedStyle(el);
		return {OutlineStyle: cs.outlineStyle, OutlineWidth: cs.outlineWidth, OutlineColor: cs.outlineColor, BoxShadow: cs.boxShadow};
	};
	const info = el => ({ID: id(el), Key: key(el), Desc: desc(el), Style: style(el)});
	// A closed <details> hides all but its summary from Tab.
	const collapsed = el => { const d = el.closest("details:not([open])"); return !!d && !(el.tagName === "SUMMARY" && el.parentElement === d); };
	const tabbable = el => !el.disabled && el.tabIndex >= 0 && el.type !== "hidden" && !el.closest("[hidden], [inert]") && !collapsed(el) &&
		el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible";
	const all = () => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, iframe, video[controls], audio[controls], [tabindex], [contenteditable]')]
		.filter(tabbable).map(info);
	const focused = () => {
		const el = document.activeElement;
		return !el || el === document.body || el === document.documentElement ? {None: true} : info(el);
	};
	return {all, focused};
})()`

func TestKeyboardOnly(t *testing.T) {
	ctx := newTab(t)
	srv := mustServe(t)
	for _, id := range sampleObjects {
		t.Run("SkipLink/"+id, func(t *testing.T) {
			openPage(t, ctx, srv.URL+objectPath(id), 200)
			act(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
			skip := evalJS[struct {
				IsSkip, InView bool
				Active         string
			}](t, ctx, `(() => {
				const el = document.activeElement, r = el.getBoundingClientRect();
				return {IsSkip: el.matches("a.lode-skip[href='#main']"), Active: el.outerHTML.slice(0, 120),
					InView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth};
			})()`)
			if !skip.IsSkip {
				t.Fatalf("the first Tab focuses %s, want the skip link", skip.Active)
			}
			if !skip.InView {
				t.Errorf("the focused skip link is not inside the viewport")
			}
			act(t, ctx, "press Enter on the skip link", chromedp.KeyEvent(kb.Enter))
			waitJS(t, ctx, "focus to move to <main>", stepWait, `document.activeElement === document.getElementById("main")`)
		})
	}
	t.Run("QuizTabOrder", func(t *testing.T) {
		openPage(t, ctx, srv.URL+objectPath("check"), 200)
		evalJS[chromedp.Void](t, ctx, keyboardJS)
		want := evalJS[[]focusable](t, ctx, `__kbd.all()`) // nothing is focused yet
		unfocused := map[string]focusStyle{}
		var wantKeys []string
		for _, f := range want {
			unfocused[f.ID] = f.Style
			if !slices.Contains(wantKeys, f.Key) {
				wantKeys = append(wantKeys, f.Key)
			}
		}
		var got []focusable
		for range len(wantKeys) + 5 {
			act(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
			f := evalJS[focusable](t, ctx, `__kbd.focused()`)
			if f.None && len(got) > 0 || !f.None && len(got) > 0 && f.ID == got[0].ID {
				break // focus left the page, or came round again
			}
			if !f.None {
				got = append(got, f)
			}
		}
		descs := map[string]string{}
		for _, f := range want {
			descs[f.Key] = f.Desc
		}
		var gotKeys []string
		for _, f := range got {
			gotKeys = append(gotKeys, f.Key)
			descs[f.Key] = f.Desc
			if !visibleFocus(unfocused[f.ID], f.Style) {
				t.Errorf("%s has no visible focus indicator: focused %+v, unfocused %+v", f.Desc, f.Style, unfocused[f.ID])
			}
		}
		for _, k := range wantKeys {
			if !slices.Contains(gotKeys, k) {
				t.Errorf("Tab never reaches %s", descs[k])
			}
		}
		t.Logf("%d Tab stops on the quiz page", len(got))
		if !slices.Equal(gotKeys, wantKeys) {
			t.Errorf("the Tab order differs from the document order:\n got %s\nwant %s", describe(gotKeys, descs), describe(wantKeys, descs))
		}
	})
}

// visibleFocus reports whether the focused style draws an indicator that
// the unfocused one does not: an outline of some width and colour, or a
// box shadow.
func visibleFocus(unfocused, focused focusStyle) bool {
	outline := focused.OutlineStyle != "none" && focused.OutlineStyle != "hidden" &&
		focused.OutlineWidth != "0px" && !transparent(focused.OutlineColor) &&
		(focused.OutlineStyle != unfocused.OutlineStyle || focused.OutlineWidth != unfocused.OutlineWidth || focused.OutlineColor != unfocused.OutlineColor)
	shadow := focused.BoxShadow != "none" && focused.BoxShadow != unfocused.BoxShadow
	return outline || shadow
}

var zeroAlpha = regexp.MustCompile(`^rgba\([^)]*,\s*0\)$`)

func transparent(color string) bool { return color == "transparent" || zeroAlpha.MatchString(color) }

func describe(keys []string, descs map[string]string) string {
	var b strings.Builder
	for i, k := range keys {
		fmt.Fprintf(&b, "\n    %2d. %s", i+1, descs[k])
	}
	return b.String()
}

func TestVideoHasCaptions(t *testing.T) {
	ctx := newTab(t)
	srv := mustServe(t)
	openPage(t, ctx, srv.URL+objectPath("media-check"), 200)
	type track struct {
		Count               int
		Src, Srclang, Label string
		Default             bool
	}
	tr := evalJS[track](t, ctx, `(() => {
		const ts = document.querySelectorAll('[data-lode-object] video > track[kind="captions"]'), t = ts[0] || {};
		return {Count: ts.length, Src: t.src || "", Srclang: t.srclang || "", Label: t.label || "", Default: !!t.default};
	})()`)
	if tr.Count != 1 || tr.Srclang != "en" || tr.Label == "" || !tr.Default {
		t.Fatalf("the video's captions track: %+v, want one English default track with a label", tr)
	}
	// Showing the track makes the browser load it, default or not.
	evalJS[chromedp.Void](t, ctx, `document.querySelector("[data-lode-object] video").textTracks[0].mode = "showing"`)
	waitJS(t, ctx, "the captions track to load or fail", stepWait,
		`document.querySelector('[data-lode-object] video > track[kind="captions"]').readyState >= 2`)
	loaded := evalJS[struct {
		ReadyState int
		Cues       int
		First      string
	}](t, ctx, `(() => {
		const el = document.querySelector('[data-lode-object] video > track[kind="captions"]'), cues = el.track.cues;
		return {ReadyState: el.readyState, Cues: cues ? cues.length : 0, First: cues && cues.length ? cues[0].text : ""};
	})()`)
	if loaded.ReadyState != 2 || loaded.Cues == 0 || strings.TrimSpace(loaded.First) == "" {
		t.Errorf("the captions track %s: readyState %d (2 is loaded, 3 failed), %d cues, first %q", tr.Src, loaded.ReadyState, loaded.Cues, loaded.First)
	}
}
