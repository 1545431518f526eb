package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestProfile(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/profile")
	checkLayout(t, doc)
	token := attr(doc.Find(`form input[type=hidden][name=csrf_token]`), "value")
	if token == "" {
		t.Fatal("the form has no csrf_token")
	}

	t.Run("Labels", func(t *testing.T) {
		for _, id := range []string{"name", "email"} {
			if doc.Find(`label[for="`+id+`"]`).Length() != 1 || doc.Find(`input#`+id).Length() != 1 {
				t.Errorf("field %s has no label", id)
			}
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		resp, doc := b.postForm(t, "/profile", url.Values{"csrf_token": {token}, "name": {"Ada"}, "email": {"not an email"}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d", resp.StatusCode)
		}
		input := doc.Find("input#email")
		if attr(input, "aria-invalid") != "true" {
			t.Error("the email field is not marked invalid")
		}
		msg := describedBy(doc, input)
		if !strings.Contains(msg, "not an email address") {
			t.Errorf("the email field is described by %q", msg)
		}
		if attr(doc.Find("input#name"), "value") != "Ada" || attr(input, "value") != "not an email" {
			t.Error("what the learner typed was lost")
		}
		if !strings.HasPrefix(text(doc.Find("title")), "Error:") {
			t.Errorf("title %q should start with Error:", text(doc.Find("title")))
		}
	})
	t.Run("ExpiredForm", func(t *testing.T) {
		resp, doc := b.postForm(t, "/profile", url.Values{"csrf_token": {"stale"}, "name": {"Ada"}})
		if resp.StatusCode != http.StatusForbidden || attr(doc.Find("input#name"), "value") != "Ada" {
			t.Errorf("status %d, name %q", resp.StatusCode, attr(doc.Find("input#name"), "value"))
		}
	})
	t.Run("Saved", func(t *testing.T) {
		resp, _ := b.postForm(t, "/profile", url.Values{"csrf_token": {token}, "name": {" Ada Lovelace "}, "email": {"ada@library.org"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/profile?saved=1" {
			t.Fatalf("status %d, Location %q: want a redirect after the post", resp.StatusCode, resp.Header.Get("Location"))
		}
		doc := b.page(t, "/profile?saved=1")
		if text(doc.Find(`[role=status]`)) != "Your profile was saved." {
			t.Error("no confirmation")
		}
		if attr(doc.Find("input#name"), "value") != "Ada Lovelace" || attr(doc.Find("input#email"), "value") != "ada@library.org" {
			t.Error("the form does not show the saved values")
		}
		id, _, _ := strings.Cut(learnerCookie(t, b, e.URL), ".")
		l, err := e.DB.Learner(context.Background(), id)
		must(t, err)
		if l.Name != "Ada Lovelace" || l.Email != "ada@library.org" {
			t.Errorf("stored %q %q", l.Name, l.Email)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		resp, _ := b.postForm(t, "/profile", url.Values{"csrf_token": {token}, "name": {strings.Repeat("a", 4000)}})
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

func (b *browser) postForm(t *testing.T, path string, form url.Values) (*http.Response, *goquery.Document) {
	t.Helper()
	resp, err := b.PostForm(b.base+path, form)
	must(t, err)
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	must(t, err)
	return resp, doc
}

// describedBy is the text of the elements an element's aria-describedby names.
func describedBy(doc *goquery.Document, el *goquery.Selection) string {
	var parts []string
	for _, id := range strings.Fields(attr(el, "aria-describedby")) {
		parts = append(parts, text(doc.Find("#"+id)))
	}
	return strings.Join(parts, " ")
}
