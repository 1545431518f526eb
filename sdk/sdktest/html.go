package sdktest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ParseHTML parses s, an HTML fragment such as RenderResponse.HTML, as the
// engine's page holds it (inside a <section>) and returns that section. It
// fails the test if s cannot be parsed.
func ParseHTML(tb testing.TB, s string) *html.Node {
	tb.Helper()
	section := &html.Node{Type: html.ElementNode, Data: "section", DataAtom: atom.Section}
	nodes, err := html.ParseFragment(strings.NewReader(s), section)
	if err != nil {
		tb.Fatalf("parse HTML %q: %v", s, err)
	}
	for _, n := range nodes {
		section.AppendChild(n)
	}
	return section
}

// FindAll returns the elements under n with the tag name (lower case, such
// as "input"), in document order.
func FindAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			out = append(out, d)
		}
	}
	return out
}

// ByID returns the element under n whose id is id, or nil if there is none.
func ByID(n *html.Node, id string) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && Attr(d, "id") == id {
			return d
		}
	}
	return nil
}

// Attr returns the value of n's attribute key, or "" if n does not have it.
func Attr(n *html.Node, key string) string {
	v, _ := lookupAttr(n, key)
	return v
}

// HasAttr reports whether n has the attribute key, for boolean attributes
// such as checked or controls whose value is empty.
func HasAttr(n *html.Node, key string) bool {
	_, ok := lookupAttr(n, key)
	return ok
}

func lookupAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Text returns the text under n as a learner reads it: runs of white space
// fold into one space, and leading and trailing space is dropped.
func Text(n *html.Node) string {
	var b strings.Builder
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
	}
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Labels maps the for attribute of each <label> under n to the label's
// Text, to check that every form control has a label pointing at it.
func Labels(n *html.Node) map[string]string {
	out := map[string]string{}
	for _, l := range FindAll(n, "label") {
		out[Attr(l, "for")] = Text(l)
	}
	return out
}
