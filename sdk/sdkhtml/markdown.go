// Package sdkhtml turns author-written Markdown into safe, accessible HTML for
// content types. Everything an author writes goes through Markdown (or
// html/template's escaping): no script, no inline handlers, no styles.
package sdkhtml

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// md is GitHub-flavoured Markdown without raw HTML (goldmark omits it unless
// told otherwise). Table alignment is rendered as an align attribute because
// the sanitizer drops style attributes.
var (
	md = goldmark.New(
		goldmark.WithExtensions(
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingShift{}, 500))),
	)
	policy = newPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("div", "p", "span", "aside")
	p.AllowAttrs("role").Matching(bluemonday.SpaceSeparatedTokens).OnElements("div", "aside")
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}

// Markdown renders src as sanitized HTML. Relative links and image sources
// are resolved against mediaBase (the module's media URL), so authors write
// "images/map.png" and it works wherever the module is served. GitHub-style
// callouts ("> [!NOTE]", "> [!TIP]", "> [!IMPORTANT]", "> [!WARNING]",
// "> [!CAUTION]") become asides with role="note" and a visible label.
// The engine gives the object's title as <h1>, so a "# Heading" in src moves
// every heading down one level; images load lazily to spare slow machines.
//
// Results are memoized: author text is the same on every render of an
// object, and converting and sanitizing it was half the cost of a quiz
// render (see docs/PERFORMANCE.md).
func Markdown(src, mediaBase string) template.HTML {
	key := mediaBase + "\x00" + src
	if h, ok := rendered.get(key); ok {
		return h
	}
	h := render(src, mediaBase)
	rendered.put(key, h)
	return h
}

func render(src, mediaBase string) template.HTML {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	out := policy.Sanitize(callouts(buf.String()))
	out = lazyImages(rebase(out, mediaBase))
	return template.HTML(out)
}

// Inline renders a short piece of Markdown (a prompt, a choice) without the
// surrounding paragraph.
func Inline(src, mediaBase string) template.HTML {
	h := string(Markdown(src, mediaBase))
	h = strings.TrimSpace(h)
	if strings.HasPrefix(h, "<p>") && strings.HasSuffix(h, "</p>") && strings.Count(h, "<p>") == 1 {
		h = strings.TrimSuffix(strings.TrimPrefix(h, "<p>"), "</p>")
	}
	return template.HTML(h)
}

var imgTag = regexp.MustCompile(`<img `)

// lazyImages runs on sanitized output, where a literal "<img " can only be a
// tag: text has its "<" escaped.
func lazyImages(h string) string {
	return imgTag.ReplaceAllLiteralString(h, `<img loading="lazy" `)
}
