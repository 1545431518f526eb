package main

// The quiz one question per screen, in a real browser with the real
// plugin: next and previous keep answers, focus goes where the learner
// continues, the result is announced, and each screen passes axe-core's
// WCAG 2.1 A and AA rules. The sample module's quiz shows every question
// at once, and the tests in e2e_browser_test.go go through that layout.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/config"
)

// editedSample copies the sample module into a new content folder, with
// module.yaml changed by edit, and returns the folder and the module's.
func editedSample(t *testing.T, edit func(yaml string) string) (content, module string) {
	t.Helper()
	content = t.TempDir()
	module = filepath.Join(content, "reference-desk-basics")
	if err := os.CopyFS(module, os.DirFS("../../content/reference-desk-basics")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(module, "module.yaml")
	yaml, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(yaml))), 0o644); err != nil {
		t.Fatal(err)
	}
	return content, module
}

// openQuiz serves a copy of the sample content whose quiz has the given
// layout, opens the quiz in a new tab and checks it says once what is
// needed to pass. It returns the tab and axe-core.
func openQuiz(t *testing.T, layout string) (context.Context, string) {
	t.Helper()
	ctx := newTab(t)
	axe := browsertest.Axe(t)
	const anchor = "      passing_score: 0.8\n"
	content, _ := editedSample(t, func(yaml string) string {
		if !strings.Contains(yaml, anchor) {
			t.Fatal("the sample quiz no longer sets passing_score: 0.8")
		}
		return strings.Replace(yaml, anchor, anchor+"      layout: "+layout+"\n", 1)
	})
	srv := mustServe(t, func(c *config.Config) { c.ContentDir = content })
	openPage(t, ctx, srv.URL+objectPath("check"), 200)
	wantPassMarkOnce(t, ctx)
	return ctx, axe
}

// wantPassMarkOnce checks that the quiz says once what is needed to pass.
func wantPassMarkOnce(t *testing.T, ctx context.Context) {
	t.Helper()
	// Only the quiz: the module's progress may be at 80% too.
	if quiz := textOf(t, ctx, "[data-lode-object]"); strings.Count(quiz, "80%") != 1 {
		t.Errorf("the quiz mentions 80%% %d times, want once: %q", strings.Count(quiz, "80%"), quiz)
	}
}

func TestQuizOnePerScreen(t *testing.T) {
	ctx, axe := openQuiz(t, "one_per_screen")
	for i, q := range quizQuestions {
		t.Run(q, func(t *testing.T) {
			screen := evalJS[struct {
				Questions int
				Legend    string
			}](t, ctx, `({Questions: document.querySelectorAll("[data-lode-object] fieldset").length,
				Legend: document.querySelector("[data-lode-object] legend").textContent})`)
			if want := fmt.Sprintf("Question %d of %d:", i+1, len(quizQuestions)); screen.Questions != 1 || !strings.HasPrefix(screen.Legend, want) {
				t.Fatalf("screen %+v, want only %q", screen, want)
			}
			if i > 0 && !evalJS[bool](t, ctx, `document.activeElement === document.querySelector("[data-lode-object] fieldset")`) {
				t.Errorf("focus is not on the question shown")
			}
			if i == 1 {
				checkAccessible(t, ctx, axe, "one per screen, the second")
				// Back and forth keeps the answer given.
				pressButton(t, ctx, "prev")
				waitJS(t, ctx, "the first question again", stepWait, `document.querySelector("[data-lode-object] legend").textContent.startsWith("Question 1 ")`)
				if !evalJS[bool](t, ctx, `document.querySelector('[data-lode-object] input[name="open-question"][value="p1"]').checked`) {
					t.Errorf("going back lost the first answer")
				}
				pressButton(t, ctx, "next")
				waitJS(t, ctx, "the second question again", stepWait, `document.querySelector("[data-lode-object] legend").textContent.startsWith("Question 2 ")`)
			}
			var mine []quizAnswer
			for _, a := range correctAnswers {
				if a.question == q {
					mine = append(mine, a)
				}
			}
			answerQuiz(t, ctx, mine)
			if i == len(quizQuestions)-1 {
				pressButton(t, ctx, "submit")
				waitJS(t, ctx, "the result", stepWait, `!!document.querySelector("[data-lode-object] .lode-quiz-summary")`)
				return
			}
			pressButton(t, ctx, "next")
			waitJS(t, ctx, "the next question", stepWait, fmt.Sprintf(
				`document.querySelector("[data-lode-object] legend").textContent.startsWith("Question %d ")`, i+2))
		})
	}
	wantFocusOnResult(t, ctx)
	if got := textOf(t, ctx, ".lode-quiz-outcome"); !strings.Contains(got, "You passed") {
		t.Errorf("the outcome says %q", got)
	}
	checkAccessible(t, ctx, axe, "one per screen, the result")
}

// pressButton presses the quiz's next, prev or submit button with the
// keyboard.
func pressButton(t *testing.T, ctx context.Context, to string) {
	t.Helper()
	sel := fmt.Sprintf(`[data-lode-object] button[name="quiz.go"][value=%s]`, jsString(to))
	act(t, ctx, "press "+to, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(kb.Enter))
}
