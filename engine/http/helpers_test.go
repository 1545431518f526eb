package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// get requests path and parses the answer as HTML, whatever its status.
func (b *browser) get(tb testing.TB, path string) (*http.Response, *goquery.Document) {
	tb.Helper()
	resp, err := b.Get(b.base + path)
	must(tb, err)
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	must(tb, err)
	return resp, doc
}

// page requests path and fails the test unless it is a 200 HTML page.
func (b *browser) page(tb testing.TB, path string) *goquery.Document {
	tb.Helper()
	resp, doc := b.get(tb, path)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: status %d, want 200: %s", path, resp.StatusCode, text(doc.Find("main")))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		tb.Fatalf("GET %s: Content-Type %q, want text/html", path, ct)
	}
	return doc
}

// event posts an interaction with the given CSRF token ("" for none) and
// decodes the JSON answer.
func (b *browser) event(tb testing.TB, objectPath, csrf, body string) (*http.Response, map[string]any) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, b.base+"/api"+objectPath+"/events", strings.NewReader(body))
	must(tb, err)
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	resp, err := b.Do(req)
	must(tb, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	must(tb, err)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("POST %s: not JSON (%v): %s", req.URL.Path, err, raw)
	}
	return resp, out
}

// ping sends one "ping" to an object with the page's CSRF token and fails
// the test unless it succeeds.
func (b *browser) ping(tb testing.TB, objectPath string) map[string]any {
	tb.Helper()
	csrf := csrfToken(tb, b.page(tb, objectPath))
	resp, out := b.event(tb, objectPath, csrf, `{"type":"ping","data":{"n":["1"]},"rerender":true}`)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("ping %s: status %d: %v", objectPath, resp.StatusCode, out)
	}
	return out
}

func csrfToken(tb testing.TB, doc *goquery.Document) string {
	tb.Helper()
	v, ok := doc.Find(`meta[name="lode-csrf"]`).Attr("content")
	if !ok || v == "" {
		tb.Fatal("the page has no lode-csrf meta tag")
	}
	return v
}

// errorMessage returns the message of a JSON error answer.
func errorMessage(tb testing.TB, body map[string]any) string {
	tb.Helper()
	e, ok := body["error"].(map[string]any)
	if !ok {
		tb.Fatalf("no error object in %v", body)
	}
	msg, _ := e["message"].(string)
	return msg
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// text is a selection's text with runs of white space made one space.
func text(s *goquery.Selection) string {
	return strings.Join(strings.Fields(s.Text()), " ")
}

func attr(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

// waitFor polls cond until it holds, failing the test after a deadline.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond) // a poll interval, not a wait for an event
	}
}
