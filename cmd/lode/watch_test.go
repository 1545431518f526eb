package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// Issue 14's done-when: editing a module folder while lode serve --watch
// runs shows the change on the next page load; a learner midway keeps
// their progress; a module broken by an edit keeps its last good version.
func TestWatchShowsAnEditOnTheNextPageLoad(t *testing.T) {
	content, dir := editedSample(t, func(yaml string) string { return yaml })
	srv := mustServe(t, func(c *config.Config) { c.ContentDir = content })
	reloads := make(chan []module.Problem, 100)
	if err := srv.app.watch(context.Background(), func(_ []*learning.Module, ps []module.Problem) { reloads <- ps }); err != nil {
		t.Fatal(err)
	}
	l := newLearner(t, srv.URL)
	l.markAsRead(t, "welcome")

	const before, after = "title: The reference interview\n", "title: Asking what they really need\n"
	editFile(t, dir+"/module.yaml", before, after)
	waitFor(t, time.Minute, "the edited title on the interview page", func() bool {
		return heading(t, l, "interview") == "Asking what they really need"
	})
	if status := l.stepStatus(t, "welcome"); status != "done" {
		t.Errorf("after the reload the learner's first step is %q, want done", status)
	}

	editFile(t, dir+"/module.yaml", "objects:\n", "objects: [\n")
	waitProblems(t, reloads)
	if got := heading(t, l, "interview"); got != "Asking what they really need" {
		t.Errorf("with module.yaml broken, the interview page says %q; want the last good version", got)
	}
	if !strings.Contains(srv.log.String(), "still serving its last good version") {
		t.Errorf("the log does not say the broken module keeps its last good version:\n%s", srv.log)
	}
}

// waitProblems waits for a reload that found problems.
func waitProblems(t *testing.T, reloads chan []module.Problem) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case ps := <-reloads:
			if len(ps) > 0 {
				return
			}
		case <-deadline:
			t.Fatal("timed out waiting for a reload that reports the broken module")
		}
	}
}

func heading(t *testing.T, l *learner, id string) string {
	t.Helper()
	return strings.TrimSpace(l.page(t, id).Find("main h1").First().Text())
}

func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
