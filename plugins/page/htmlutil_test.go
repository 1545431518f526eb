package page_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mustParse parses an HTML fragment as the engine's page would hold it.
func mustParse(tb testing.TB, s string) *html.Node {
	tb.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "section", DataAtom: atom.Section}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	return ctx
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func findAll(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	walk(n, func(m *html.Node) {
		if m.Type == html.ElementNode && m.DataAtom == a {
			out = append(out, m)
		}
	})
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
