package quiz

import (
	"strings"

	"github.com/lode-elearning/lode/sdk/sdkhtml"
	"golang.org/x/net/html"
)

// blockTags separate words; inline tags (strong, em, a) do not.
var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true, "blockquote": true, "aside": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true, "tr": true, "td": true, "th": true,
}

// plainText turns author Markdown into the plain text xAPI names and
// descriptions need ("**Who** pays?" → "Who pays?"). It renders through the
// same Markdown pipeline as the page, so the text matches what learners
// read; images contribute their alt text.
func plainText(markdown string) string {
	z := html.NewTokenizer(strings.NewReader(string(sdkhtml.Markdown(markdown, ""))))
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
