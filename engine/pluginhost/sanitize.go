package pluginhost

import (
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lode-elearning/lode/sdk"
)

// A content type's HTML is placed inside the engine's page, so the engine,
// not the plugin, decides what of it reaches the learner: a buggy or
// hostile plugin must not add a script, a <meta http-equiv=refresh>, a
// form posting elsewhere, or close its container and change the page
// around it. The fragment is filtered against an allow-list of elements
// and attributes (what accessible forms, media and text need) and then
// parsed and written out again as a balanced tree, which drops the end
// tags of elements it did not open.

// fragmentPolicy is the allow-list, built once: bluemonday policies are
// safe for concurrent use once built.
var fragmentPolicy = newFragmentPolicy()

// formAction allows only what the SDK documents, "?event=TYPE": the page
// itself, so that a form cannot send the learner's answers elsewhere.
var formAction = regexp.MustCompile(`^\?[A-Za-z0-9_=&%.-]*$`)

func newFragmentPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(fragmentElements...)
	// Without this, bluemonday drops an element with no attribute unless it
	// is on its own short list: <legend>, <label>, <time>...
	p.AllowNoAttrs().OnElements(fragmentElements...)
	p.AllowAttrs("id", "class", "title", "lang", "dir", "role", "hidden", "tabindex").Globally()
	p.AllowAttrs(ariaAttributes...).Globally()
	p.AllowDataAttributes()
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true) // the module's media, the page itself
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowAttrs("href", "rel", "hreflang", "download").OnElements("a")
	p.AllowAttrs("method").Matching(regexp.MustCompile(`(?i)^(get|post)$`)).OnElements("form")
	p.AllowAttrs("action").Matching(formAction).OnElements("form")
	p.AllowAttrs("novalidate", "autocomplete", "name").OnElements("form")
	p.AllowAttrs("for").OnElements("label", "output")
	p.AllowAttrs("name", "value", "disabled", "form").OnElements("input", "button", "select", "textarea", "output", "fieldset")
	p.AllowAttrs("type").OnElements("input", "button", "ol", "source")
	p.AllowAttrs("checked", "min", "max", "step", "pattern", "size", "list", "accept").OnElements("input")
	p.AllowAttrs("required", "readonly", "placeholder", "maxlength", "minlength", "autocomplete",
		"inputmode", "spellcheck", "multiple").OnElements("input", "select", "textarea")
	p.AllowAttrs("rows", "cols", "wrap").OnElements("textarea")
	p.AllowAttrs("selected", "label").OnElements("option")
	p.AllowAttrs("label").OnElements("optgroup", "track")
	p.AllowAttrs("open").OnElements("details")
	p.AllowAttrs("start", "reversed").OnElements("ol")
	p.AllowAttrs("value").OnElements("li", "progress", "meter", "data")
	p.AllowAttrs("min", "max", "low", "high", "optimum").OnElements("meter", "progress")
	p.AllowAttrs("datetime").OnElements("time", "del", "ins")
	p.AllowAttrs("colspan", "rowspan", "headers", "scope", "align").OnElements("td", "th") // Markdown tables align columns
	p.AllowAttrs("span").OnElements("col", "colgroup")
	p.AllowAttrs("src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes").OnElements("img")
	p.AllowAttrs("src", "srcset", "sizes", "media").OnElements("source")
	p.AllowAttrs("src", "controls", "preload", "poster", "width", "height", "playsinline",
		"muted", "loop", "crossorigin").OnElements("video", "audio")
	p.AllowAttrs("src", "kind", "srclang", "default").OnElements("track")
	return p
}

// fragmentElements are what accessible text, forms and media need.
var fragmentElements = []string{
	"div", "span", "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
	"ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "b", "i", "u", "s", "small",
	"sub", "sup", "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite",
	"abbr", "mark", "del", "ins", "time", "figure", "figcaption", "section", "article",
	"aside", "header", "footer", "nav", "details", "summary",
	"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
	"form", "fieldset", "legend", "label", "input", "button", "select", "option",
	"optgroup", "textarea", "output", "progress", "meter",
	"img", "picture", "source", "video", "audio", "track",
}

// ariaAttributes are the WAI-ARIA 1.2 states and properties.
var ariaAttributes = strings.Fields(`aria-activedescendant aria-atomic aria-autocomplete
	aria-braillelabel aria-brailleroledescription aria-busy aria-checked aria-colcount
	aria-colindex aria-colspan aria-controls aria-current aria-describedby aria-description
	aria-details aria-disabled aria-errormessage aria-expanded aria-flowto aria-haspopup
	aria-hidden aria-invalid aria-keyshortcuts aria-label aria-labelledby aria-level aria-live
	aria-modal aria-multiline aria-multiselectable aria-orientation aria-owns aria-placeholder
	aria-posinset aria-pressed aria-readonly aria-relevant aria-required aria-roledescription
	aria-rowcount aria-rowindex aria-rowspan aria-selected aria-setsize aria-sort
	aria-valuemax aria-valuemin aria-valuenow aria-valuetext`)

// SanitizeFragment returns s with only allowed elements and attributes,
// as a balanced fragment that stays inside the element it is put in.
func SanitizeFragment(s string) string {
	if s == "" {
		return ""
	}
	return balance(fragmentPolicy.Sanitize(s))
}

// balance parses s as the content of a <div>, as a browser would when
// it is put in one, and writes the tree out again: end tags of elements s
// did not open are dropped and every element it opened is closed.
func balance(s string) string {
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
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&#34;")
)

// writeNode writes n as HTML. Unlike html.Render it leaves quotes in text
// alone, so a fragment that needed no change comes out as it went in; the
// policy has already removed the elements whose content is raw text
// (script, style) and foreign content (svg, math).
func writeNode(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(textEscaper.Replace(n.Data))
		return
	case html.ElementNode:
	default:
		return // comments and doctypes have no place in a fragment
	}
	b.WriteString("<" + n.Data)
	for _, a := range n.Attr {
		b.WriteString(" " + a.Key + `="` + attrEscaper.Replace(a.Val) + `"`)
	}
	b.WriteByte('>')
	if voidElements[n.DataAtom] {
		return
	}
	if c := n.FirstChild; c != nil && c.Type == html.TextNode && strings.HasPrefix(c.Data, "\n") &&
		(n.DataAtom == atom.Pre || n.DataAtom == atom.Textarea) {
		b.WriteByte('\n') // the parser drops the newline that starts a <pre>: keep the one in the text
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeNode(b, c)
	}
	b.WriteString("</" + n.Data + ">")
}

// voidElements have no end tag.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true,
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
