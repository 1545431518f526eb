package pluginhost

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lode-elearning/lode/sdk"
)

// A content type's HTML is placed inside the engine's page, so the engine,
// not the plugin, decides what of it reaches the learner: a buggy or
// hostile plugin must not add a script, a <meta http-equiv=refresh>, a
// form posting elsewhere, or close its container and change the page
// around it. The fragment is parsed as a browser parses the content of a
// <div>, which drops the end tags of elements it did not open and closes
// every element it opened, then written out again keeping only an
// allow-list of elements and attributes (allowlist.go): what accessible
// text, forms and media need. One parse, no second pass: a Render is on
// every page view.

// SanitizeFragment returns s with only allowed elements and attributes,
// as a balanced fragment that stays inside the element it is put in.
// Elements not allowed are unwrapped (their text kept), except those whose
// content is code or foreign (script, style, svg...), dropped whole.
func SanitizeFragment(s string) string {
	if s == "" {
		return ""
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return "" // reading from a string fails only on a parser bug: show nothing rather than unparsed HTML
	}
	var b strings.Builder
	for _, n := range nodes {
		writeNode(&b, n)
	}
	return b.String()
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\u00a0", "&nbsp;")
	attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&#34;")
)

// writeNode writes the allowed part of n. Unlike html.Render it leaves
// quotes in text alone, so a fragment that needed no change comes out as
// it went in.
func writeNode(b *strings.Builder, n *html.Node) {
	switch {
	case n.Type == html.TextNode:
		b.WriteString(textEscaper.Replace(n.Data))
		return
	case n.Type != html.ElementNode, n.Namespace != "", droppedWhole[n.DataAtom]:
		return // comments, doctypes, svg and math, scripts and styles
	case !allowedElements[n.DataAtom]:
		writeChildren(b, n)
		return
	}
	b.WriteString("<" + n.Data)
	for _, a := range n.Attr {
		if a.Namespace == "" && allowedAttr(n, a) {
			b.WriteString(" " + a.Key + `="` + attrEscaper.Replace(a.Val) + `"`)
		}
	}
	b.WriteByte('>')
	if voidElements[n.DataAtom] {
		return
	}
	if c := n.FirstChild; c != nil && c.Type == html.TextNode && strings.HasPrefix(c.Data, "\n") &&
		(n.DataAtom == atom.Pre || n.DataAtom == atom.Textarea) {
		b.WriteByte('\n') // the parser drops the newline that starts a <pre>: keep the one in the text
	}
	writeChildren(b, n)
	b.WriteString("</" + n.Data + ">")
}

func writeChildren(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeNode(b, c)
	}
}

// formAction allows only what the SDK documents, "?event=TYPE": the page
// itself, so that a form cannot send the learner's answers elsewhere.
var formAction = regexp.MustCompile(`^\?[A-Za-z0-9_=&%.-]*$`)

// allowedAttr reports whether attribute a of element n may stay.
func allowedAttr(n *html.Node, a html.Attribute) bool {
	key := a.Key
	switch {
	case strings.HasPrefix(key, "data-lode-") && !contentLodeAttrs[key]:
		// The rest of data-lode-* is the engine's: lode.js and
		// lode-frame.js read them to know which module and object an
		// event is for, so content that set them could answer for the
		// learner in another module.
		return false
	case globalAttrs[key], strings.HasPrefix(key, "data-") && validDataAttr.MatchString(key):
		return true
	case strings.HasPrefix(key, "aria-"):
		return ariaAttrs[key]
	case n.DataAtom == atom.Form && key == "action":
		return formAction.MatchString(a.Val)
	case n.DataAtom == atom.Form && key == "method":
		return strings.EqualFold(a.Val, "get") || strings.EqualFold(a.Val, "post")
	case !elementAttrs[n.DataAtom][key]:
		return false
	case urlAttrs[key]:
		return safeURL(a.Val)
	}
	return true
}

// contentLodeAttrs are the data-lode-* attributes content may carry: the
// hooks lode.js offers content types (docs/plugins.md), and the built-in
// video's own.
var contentLodeAttrs = map[string]bool{
	"data-lode-event": true, "data-lode-autosave": true, "data-lode-autosave-status": true,
	"data-lode-focus": true, "data-lode-plugin": true, "data-lode-watched": true, "data-lode-watching": true,
}

var validDataAttr = regexp.MustCompile(`^data-[a-z0-9_.-]+$`)

// safeURL allows relative URLs (the module's media, the page itself) and
// absolute ones in http, https and mailto; it refuses javascript:, data:
// and anything a browser might read differently, such as a scheme with a
// tab or newline in it, which url.Parse rejects.
func safeURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// sanitizeRender applies SanitizeFragment to a rendered view.
func sanitizeRender(r *sdk.RenderResponse) {
	if r != nil {
		r.HTML = SanitizeFragment(r.HTML)
	}
}

// sanitizeHandle applies SanitizeFragment to what a Handle returns for the
// page: the feedback, which the page inserts as HTML, and the new view.
func sanitizeHandle(r *sdk.HandleResponse) {
	if r != nil {
		r.FeedbackHTML = SanitizeFragment(r.FeedbackHTML)
		sanitizeRender(r.View)
	}
}
