package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestPluginDevBench drives the workbench page as an author would: it
// lists the sample object, shows each answer's Handle call (pushed on the
// event stream), a configuration error at its file and line, and a failed
// build's compiler output.
func TestPluginDevBench(t *testing.T) {
	w := mustWorkbench(t)

	t.Run("ListsTheSampleObject", func(t *testing.T) {
		doc := w.bench(t)
		link := doc.Find(`.bench-objects a[href="/modules/demo-sample/objects/first"]`)
		if link.Length() != 1 {
			t.Fatalf("no link to the sample object in:\n%s", doc.Find("main").Text())
		}
		if got := doc.Find("#build-h").Parent().Find(".bench-ok").Length(); got != 1 {
			t.Errorf("the first build is not shown as a success")
		}
	})

	t.Run("AnAnswerAppearsLive", func(t *testing.T) {
		changes := w.stream(t)
		if first := next(t, changes); !strings.Contains(first, `"seq":0`) {
			t.Fatalf("the stream's first change = %s, want seq 0", first)
		}
		w.answer(t, "1")
		if got := next(t, changes); !strings.Contains(got, `"seq":1`) || !strings.Contains(got, `"event":"answer"`) {
			t.Fatalf("after an answer the stream said %s, want call 1 of event answer", got)
		}
		call := w.bench(t).Find("#call-1")
		field := func(name string) string {
			return call.Find("dt").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == name }).Next().Text()
		}
		if h := call.Find("h3").Text(); !strings.Contains(h, "“answer”") || !strings.Contains(h, "first") {
			t.Errorf("call heading = %q, want the event type and the object", h)
		}
		for name, want := range map[string]string{
			"Event data":       `"choice": [`,
			"State before":     "none",
			"State after":      `"choice": 1`,
			"Result":           `"Response": "Study rooms"`,
			"Statement drafts": "answered",
			"Feedback":         "your answer is saved",
			// As the engine stored it: the learner, the object's IRI, the
			// registration and the LRS's own fields.
			"Statements as recorded": `"account"`,
		} {
			if got := field(name); !strings.Contains(got, want) {
				t.Errorf("%s = %q, want it to contain %q", name, got, want)
			}
		}
		recorded := field("Statements as recorded")
		for _, want := range []string{`/modules/demo-sample/objects/first"`, `"registration"`, `"stored"`, `"authority"`} {
			if !strings.Contains(recorded, want) {
				t.Errorf("the recorded statements have no %s:\n%s", want, recorded)
			}
		}
		if call.Find(".bench-refused").Length() != 0 {
			t.Errorf("a valid draft is marked refused")
		}
	})

	t.Run("ValidatesWithTheRebuiltType", func(t *testing.T) {
		// The scaffold's config type carries its rules in tags (sdkconfig):
		// tighten one, and the rebuilt type's Validate reports it.
		w.edit(t, "demo.go", `config:"required,min=2"`, `config:"required,min=5"`)
		waitFor(t, 60*time.Second, "the rebuilt Validate's problem", func() bool {
			return strings.Contains(w.bench(t).Find(".bench-problems").Text(), `"options" must have at least 5`)
		})
	})

	t.Run("ShowsAConfigErrorAtItsLine", func(t *testing.T) {
		yaml := filepath.Join("example", "demo-sample", "module.yaml")
		line := lineOf(t, filepath.Join(w.demo, yaml), "question:")
		w.edit(t, yaml, "question: Which library service do you use most?", `question: "  "`)
		want := fmt.Sprintf("module.yaml:%d", line)
		waitFor(t, 60*time.Second, "the problem at "+want, func() bool {
			text := w.bench(t).Find(".bench-problems").Text()
			return strings.Contains(text, want) && strings.Contains(text, `"question" must not be blank`)
		})
	})

	t.Run("ShowsAFailedBuild", func(t *testing.T) {
		broken := filepath.Join(w.demo, "broken.go")
		if err := os.WriteFile(broken, []byte("package demo\n\nvar broken = nosuchname\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 60*time.Second, "the compiler's output", func() bool {
			return strings.Contains(w.bench(t).Find(".bench-output").Text(), "undefined: nosuchname")
		})
	})
}

// bench returns the workbench page, parsed.
func (w *workbench) bench(t *testing.T) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(w.get(w.url + "/_dev")))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// stream opens the workbench's event stream; each "change" event's data
// arrives on the channel until the test ends.
func (w *workbench) stream(t *testing.T) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/_dev/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q, want text/event-stream", ct)
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() {
			if data, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				out <- data
			}
		}
	}()
	return out
}

// next returns the stream's next change, failing after a minute.
func next(t *testing.T, changes <-chan string) string {
	t.Helper()
	select {
	case c := <-changes:
		return c
	case <-time.After(time.Minute):
		t.Fatal("no change on the event stream within a minute")
		return ""
	}
}

// answer chooses an option of the sample object as a browser without
// JavaScript does: its form posted to the object's URL.
func (w *workbench) answer(t *testing.T, choice string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	page := w.url + "/modules/demo-sample/objects/first"
	if resp, err := client.Get(page); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	req, _ := http.NewRequest(http.MethodPost, page+"?event=answer", strings.NewReader(url.Values{"choice": {choice}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("answering: status %d, want 200 after the redirect", resp.StatusCode)
	}
}

// lineOf returns the 1-based number of the first line of path containing s.
func lineOf(t *testing.T, path, s string) int {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line with %q", path, s)
	return 0
}
