package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestHostilePluginHTMLStaysInItsContainer runs the test plugin in a mode
// where its HTML closes the engine's elements and adds a refresh, scripts,
// a style, a form posting elsewhere and event handlers: none of it reaches
// the learner's page in that form, on the page or through an event.
func TestHostilePluginHTMLStaysInItsContainer(t *testing.T) {
	t.Setenv("TESTPLUGIN_HTML", "hostile") // inherited by the plugin process
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/modules/m1/objects/intro")
	checkContained(t, "page", doc, doc.Find("section.lode-object"))

	csrf := csrfToken(t, doc)
	resp, out := b.event(t, "/modules/m1/objects/intro", csrf, `{"type":"ping","data":{},"rerender":true}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("event: %d %v", resp.StatusCode, out)
	}
	for _, field := range []string{"html", "feedback_html"} {
		html, _ := out[field].(string)
		frag, err := goquery.NewDocumentFromReader(strings.NewReader(`<section class="lode-object">` + html + `</section><p id="after"></p>`))
		must(t, err)
		checkContained(t, field, frag, frag.Find("section.lode-object"))
	}
}

// checkContained checks that the plugin's markers are all inside
// container and that nothing active survived anywhere in doc.
func checkContained(t *testing.T, where string, doc *goquery.Document, container *goquery.Selection) {
	t.Helper()
	if container.Length() != 1 {
		t.Fatalf("%s: %d containers", where, container.Length())
	}
	for _, id := range []string{"inside", "escaped", "open", "steal", "img"} {
		if container.Find("#"+id).Length() != 1 {
			t.Errorf("%s: #%s is not inside the plugin's container", where, id)
		}
	}
	for sel, what := range map[string]string{
		"meta[http-equiv]":               "a meta refresh",
		"script:not([src])":              "an inline script",
		"style":                          "a style element",
		"[onerror], [onclick]":           "an event handler attribute",
		`form[action^="https:"]`:         "a form posting elsewhere",
		`a[href^="javascript:"]`:         "a javascript: link",
		`section.lode-object ~ #escaped`: "the escaped paragraph after the container",
	} {
		if n := doc.Find(sel).Length(); n > 0 {
			t.Errorf("%s: %s (%s) reached the page", where, what, sel)
		}
	}
	if html, _ := doc.Html(); strings.Contains(html, "evil.example") {
		t.Errorf("%s: evil.example is still in the page", where)
	}
}
