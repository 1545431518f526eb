package sdkhtml

import (
	"strings"

	"golang.org/x/net/html"
)

// blockTags separate words; inline tags (strong, em, a) do not.
var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true, "blockquote": true, "aside": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true, "tr": true, "td": true, "th": true,
}

// PlainText turns author Markdown into the plain text that xAPI names and
// descriptions need ("**Who** pays?" → "Who pays?"). It renders through
// Markdown, as the page does, so the text matches what learners read;
// images contribute their alt text, and blocks are separated by a space.
func PlainText(markdown string) string {
	z := html.NewTokenizer(strings.NewReader(string(Markdown(markdown, ""))))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if blockTags[tok.Data] {
				b.WriteByte(' ')
			}
			for _, a := range tok.Attr {
				if tok.Data == "img" && a.Key == "alt" {
					b.WriteString(a.Val)
				}
			}
		}
	}
}
