// Package sdkhtml turns author-written Markdown into safe, accessible HTML for
// content types. Everything an author writes goes through Markdown (or
// html/template's escaping): no script, no inline handlers, no styles.
package sdkhtml

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md     = goldmark.New(goldmark.WithExtensions(extension.GFM))
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
// callouts ("> [!NOTE]", "> [!TIP]", "> [!WARNING]") become labelled asides.
func Markdown(src, mediaBase string) template.HTML {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	out := policy.Sanitize(callouts(buf.String()))
	return template.HTML(rebase(out, mediaBase))
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

var calloutKinds = map[string]string{"NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"}

// callouts rewrites goldmark's blockquotes that start with [!KIND] into
// <aside class="callout callout-kind"> with a visible label, so the meaning
// is not carried by colour alone.
func callouts(h string) string {
	for kind, label := range calloutKinds {
		open := "<blockquote>\n<p>[!" + kind + "]"
		for {
			i := strings.Index(h, open)
			if i < 0 {
				break
			}
			end := strings.Index(h[i:], "</blockquote>")
			if end < 0 {
				break
			}
			body := h[i+len(open) : i+end]
			body = strings.TrimPrefix(strings.TrimPrefix(body, "\n"), "<br>")
			repl := `<aside class="callout callout-` + strings.ToLower(kind) + `"><p><strong>` + label + `:</strong> ` + strings.TrimSpace(body) + `</aside>`
			h = h[:i] + repl + h[i+end+len("</blockquote>"):]
		}
	}
	return h
}

// rebase resolves relative href and src attributes against base.
func rebase(h, base string) string {
	if base == "" {
		return h
	}
	b, err := url.Parse(base)
	if err != nil {
		return h
	}
	for _, attr := range []string{`src="`, `href="`} {
		var out strings.Builder
		rest := h
		for {
			i := strings.Index(rest, attr)
			if i < 0 {
				out.WriteString(rest)
				break
			}
			j := strings.IndexByte(rest[i+len(attr):], '"')
			if j < 0 {
				out.WriteString(rest)
				break
			}
			val := rest[i+len(attr) : i+len(attr)+j]
			out.WriteString(rest[:i+len(attr)])
			out.WriteString(resolve(b, val))
			rest = rest[i+len(attr)+j:]
		}
		h = out.String()
	}
	return h
}

func resolve(base *url.URL, ref string) string {
	u, err := url.Parse(strings.ReplaceAll(ref, "&amp;", "&"))
	if err != nil || u.IsAbs() || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") || u.Host != "" {
		return ref
	}
	return template.HTMLEscapeString(base.ResolveReference(u).String())
}
