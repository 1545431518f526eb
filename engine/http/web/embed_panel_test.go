package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// The Embed panel is a partial for the object and module pages; this
// renders it as they will.
func TestEmbedPanel(t *testing.T) {
	s, err := New(Config{SigningKey: bytes.Repeat([]byte("k"), 32), BaseURL: "https://ce.example"})
	if err != nil {
		t.Fatal(err)
	}
	src := "https://ce.example/embed/modules/m1/objects/quiz"
	info := &embedInfo{Title: `Quiz – "Ref" <1>`, Snippet: embedSnippet(src, `Quiz – "Ref" <1>`, embedWidth, embedHeight),
		Script: `<script async src="https://ce.example/embed.js"></script>`}
	var buf bytes.Buffer
	if err := s.pages.sets["en"]["object"].ExecuteTemplate(&buf, "embed-panel", info); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	snippet := doc.Find("textarea#lode-embed-snippet").Text()
	frame, err := goquery.NewDocumentFromReader(strings.NewReader(snippet))
	if err != nil {
		t.Fatal(err)
	}
	f := frame.Find("iframe")
	for attr, want := range map[string]string{"src": src, "title": `Quiz – "Ref" <1>`, "allow": "fullscreen", "loading": "lazy", "width": "640", "height": "480"} {
		if got, _ := f.Attr(attr); got != want {
			t.Errorf("iframe %s = %q, want %q", attr, got, want)
		}
	}
	if doc.Find(`label[for="lode-embed-snippet"]`).Length() != 1 || !strings.Contains(doc.Find("textarea#lode-embed-script").Text(), "/embed.js") {
		t.Errorf("panel: %s", buf.String())
	}
}
