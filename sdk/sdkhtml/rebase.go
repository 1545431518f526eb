package sdkhtml

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// urlAttr finds the attributes that hold URLs in sanitized output. The
// sanitizer always double-quotes attributes and escapes quotes in text, so
// this cannot match inside text or another attribute's value.
var urlAttr = regexp.MustCompile(`\b(src|href)="([^"]*)"`)

// rebase resolves relative href and src attributes against base, the
// module's media folder. Absolute URLs, site-rooted paths ("/x") and
// fragments ("#x") are left as the author wrote them.
func rebase(h, base string) string {
	if base == "" {
		return h
	}
	b, err := url.Parse(base)
	if err != nil {
		return h
	}
	return urlAttr.ReplaceAllStringFunc(h, func(attr string) string {
		m := urlAttr.FindStringSubmatch(attr)
		return m[1] + `="` + resolve(b, m[2]) + `"`
	})
}

// ResolveURL resolves ref, a URL an author wrote in a configuration (a video
// source, a link), against mediaBase, the module's media folder, as Markdown
// does for links and images. Absolute URLs, site-rooted paths ("/x"),
// fragments and unparseable refs are returned unchanged; so is everything
// when mediaBase is empty. It does not judge schemes: html/template does
// that when the result is put in an attribute.
func ResolveURL(mediaBase, ref string) string {
	b, err := url.Parse(mediaBase)
	if mediaBase == "" || err != nil {
		return ref
	}
	return html.UnescapeString(resolve(b, html.EscapeString(ref)))
}

// resolve takes and returns an HTML-escaped attribute value.
func resolve(base *url.URL, escaped string) string {
	ref := html.UnescapeString(escaped)
	u, err := url.Parse(ref)
	if err != nil || ref == "" || u.IsAbs() || u.Host != "" ||
		strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") {
		return escaped
	}
	return html.EscapeString(base.ResolveReference(u).String())
}
