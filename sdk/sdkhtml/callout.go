package sdkhtml

import (
	"regexp"
	"strings"
)

var calloutLabels = map[string]string{
	"NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution",
}

// calloutOpen matches goldmark's rendering of a blockquote whose first line
// is "[!KIND]". Authors write the marker in any case, as GitHub allows.
var calloutOpen = regexp.MustCompile(`(?i)<blockquote>\s*<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:<br>)?\n?`)

// callouts rewrites those blockquotes into
//
//	<aside class="lode-callout lode-callout-note" role="note">
//	<p class="lode-callout-title"><strong>Note</strong></p>...</aside>
//
// The label is text, so the meaning is not carried by colour alone, and
// role="note" keeps each callout from becoming a landmark that screen-reader
// users would have to skip. It runs before sanitizing, which keeps only the
// attributes the policy allows.
func callouts(h string) string {
	for {
		loc := calloutOpen.FindStringSubmatchIndex(h)
		if loc == nil {
			return h
		}
		end := closingBlockquote(h, loc[1])
		if end < 0 {
			return h
		}
		kind := strings.ToUpper(h[loc[2]:loc[3]])
		body := strings.TrimSpace(h[loc[1]:end])
		if rest, ok := strings.CutPrefix(body, "</p>"); ok {
			body = strings.TrimSpace(rest) // the marker was a paragraph of its own
		} else {
			body = "<p>" + body
		}
		aside := `<aside class="lode-callout lode-callout-` + strings.ToLower(kind) + `" role="note">` +
			`<p class="lode-callout-title"><strong>` + calloutLabels[kind] + `</strong></p>` + body + `</aside>`
		h = h[:loc[0]] + aside + h[end+len("</blockquote>"):]
	}
}

// closingBlockquote returns the index of the </blockquote> that closes the
// blockquote open at from, skipping nested ones, or -1.
func closingBlockquote(h string, from int) int {
	depth := 1
	for i := from; i < len(h); {
		open := strings.Index(h[i:], "<blockquote>")
		closing := strings.Index(h[i:], "</blockquote>")
		switch {
		case closing < 0:
			return -1
		case open >= 0 && open < closing:
			depth++
			i += open + len("<blockquote>")
		default:
			depth--
			if depth == 0 {
				return i + closing
			}
			i += closing + len("</blockquote>")
		}
	}
	return -1
}
