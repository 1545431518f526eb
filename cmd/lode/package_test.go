package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/config"
)

// Issue 14's done-when: the sample module, exported and imported into a
// fresh Lode (SQLite), works there as it does at home: each object's page
// renders the same, and a learner completes a step.
func TestExportedModuleWorksWhenImported(t *testing.T) {
	if _, err := lodeBinary(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pkg := filepath.Join(t.TempDir(), "reference-desk-basics.zip")
	home := config.Default()
	home.ContentDir = "../../content"
	var out, progress bytes.Buffer
	if err := export(ctx, home, "reference-desk-basics", pkg, &out, &progress); err != nil {
		t.Fatalf("lode export: %v\n%s", err, &progress)
	}
	if !strings.Contains(progress.String(), "export: media/check.webm (") {
		t.Errorf("export printed no progress line per file on a non-terminal:\n%s", &progress)
	}
	if err := checkPaths(ctx, home, []string{pkg}, &out, io.Discard); err != nil {
		t.Fatalf("lode check %s: %v\n%s", pkg, err, &out)
	}
	fresh := config.Default()
	fresh.ContentDir = t.TempDir()
	if err := importPackage(ctx, fresh, pkg, &out, &progress); err != nil {
		t.Fatalf("lode import: %v\n%s", err, &progress)
	}

	original := mustServe(t)
	imported := mustServe(t, func(c *config.Config) { c.ContentDir = fresh.ContentDir })
	for _, id := range sampleObjects {
		want := objectMain(t, newLearner(t, original.URL), id)
		if got := objectMain(t, newLearner(t, imported.URL), id); got != want {
			t.Errorf("object %s renders differently once imported:\n got %s\nwant %s", id, got, want)
		}
	}
	l := newLearner(t, imported.URL)
	if status := l.stepStatus(t, "welcome"); status == "done" {
		t.Fatalf("a new learner's first step is already %q", status)
	}
	l.markAsRead(t, "welcome")
	if status := l.stepStatus(t, "welcome"); status != "done" {
		t.Errorf("after Mark as read in the imported module, the step is %q", status)
	}
}

// learner is a browser without JavaScript: cookies and forms.
type learner struct {
	base   string
	client *http.Client
}

func newLearner(t *testing.T, base string) *learner {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &learner{base: base, client: &http.Client{Jar: jar, Timeout: time.Minute}}
}

func (l *learner) page(t *testing.T, id string) *goquery.Document {
	t.Helper()
	resp, err := l.client.Get(l.base + objectPath(id))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", objectPath(id), resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// tokens are what differs between two servers or two visits: the server's
// own URL and per-session values.
var tokens = regexp.MustCompile(`http://127\.0\.0\.1:\d+|(?:value|content)="[A-Za-z0-9_\-=+/]{20,}"`)

// objectMain returns the main content of an object's page, with what
// differs between servers masked.
func objectMain(t *testing.T, l *learner, id string) string {
	t.Helper()
	main := l.page(t, id).Find("main")
	html, err := main.Html()
	if err != nil || main.Find("h1").Length() != 1 {
		t.Fatalf("the page of %s has no main content with a heading (%v)", id, err)
	}
	return tokens.ReplaceAllString(html, "…")
}

// markAsRead posts a page's Mark as read form, as a browser without
// JavaScript does.
func (l *learner) markAsRead(t *testing.T, id string) {
	t.Helper()
	doc := l.page(t, id)
	form := doc.Find("form.lode-page-complete")
	action, _ := form.Attr("action")
	values := url.Values{}
	form.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		v, _ := in.Attr("value")
		values.Set(name, v)
	})
	target, err := url.Parse(l.base + objectPath(id))
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := url.Parse(action)
	resp, err := l.client.PostForm(target.ResolveReference(ref).String(), values)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("Mark as read on %s answered %d", id, resp.StatusCode)
	}
}

// stepStatus is what the step list of an object's page says of a step.
func (l *learner) stepStatus(t *testing.T, id string) string {
	t.Helper()
	status, _ := l.page(t, id).Find(`[data-lode-step="` + id + `"]`).Attr("data-status")
	return status
}
