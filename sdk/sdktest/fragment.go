package sdktest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// forbiddenElements are what the engine removes from a fragment (its
// allow-list has no place for them): scripts and styles come as assets,
// and nothing in a fragment may change the page around it.
var forbiddenElements = map[string]bool{
	"script": true, "style": true, "link": true, "meta": true, "base": true,
	"iframe": true, "frame": true, "object": true, "embed": true, "svg": true, "math": true,
}

// CheckFragment checks a rendered fragment against the rules the engine
// enforces and the accessibility it expects, so that a plugin's tests fail
// where the engine would silently drop markup: no script, style, meta,
// link or iframe element; no inline event handler or style attribute; no
// javascript: URL; a form's action is "?event=TYPE" on the object's page
// or absent; every form control has a label (a <label for>, an enclosing
// <label>, aria-label or aria-labelledby); every image has alt text (""
// for a decorative one).
func CheckFragment(tb testing.TB, fragment string) {
	tb.Helper()
	doc := ParseHTML(tb, fragment)
	labels := Labels(doc)
	Walk(doc, func(n *html.Node) {
		if forbiddenElements[n.Data] {
			tb.Errorf("<%s> in the fragment: the engine removes it (ship scripts and styles as assets)", n.Data)
		}
		for _, a := range n.Attr {
			checkAttr(tb, n, a)
		}
		switch {
		case n.Data == "img" && !HasAttr(n, "alt"):
			tb.Errorf("<img src=%q> has no alt attribute (alt=\"\" for a decorative image)", Attr(n, "src"))
		case isControl(n) && !labelled(n, labels):
			tb.Errorf("<%s name=%q> has no label: give it a <label for=id>, an enclosing <label> or aria-label", n.Data, Attr(n, "name"))
		}
	})
}

func checkAttr(tb testing.TB, n *html.Node, a html.Attribute) {
	tb.Helper()
	key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
	switch {
	case strings.HasPrefix(key, "on"):
		tb.Errorf("<%s %s=...>: inline event handlers are blocked by Lode's Content-Security-Policy; use a script asset", n.Data, a.Key)
	case key == "style":
		tb.Errorf("<%s style=...>: inline styles are blocked by Lode's Content-Security-Policy; use a class and a CSS asset", n.Data)
	case (key == "href" || key == "src" || key == "action") && strings.HasPrefix(val, "javascript:"):
		tb.Errorf("<%s %s=%q>: javascript: URLs are removed", n.Data, a.Key, a.Val)
	case n.Data == "form" && key == "action" && !strings.HasPrefix(val, "?"):
		tb.Errorf("<form action=%q>: a form posts to its own page, action=\"?event=TYPE\", or has no action", a.Val)
	}
}

// isControl reports whether n is a form control a learner operates.
func isControl(n *html.Node) bool {
	switch n.Data {
	case "select", "textarea":
		return true
	case "input":
		switch Attr(n, "type") {
		case "hidden", "submit", "button", "reset", "image":
			return false
		}
		return true
	}
	return false
}

func labelled(n *html.Node, labels map[string]string) bool {
	if id := Attr(n, "id"); id != "" && labels[id] != "" {
		return true
	}
	if Attr(n, "aria-label") != "" || Attr(n, "aria-labelledby") != "" {
		return true
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "label" {
			return true
		}
	}
	return false
}

// Walk calls fn on every element under n, in document order.
func Walk(n *html.Node, fn func(*html.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			fn(c)
		}
		Walk(c, fn)
	}
}
