package quiz

import "github.com/lode-elearning/lode/sdk/sdkhtml"

// plainText is the plain text of author Markdown, for xAPI names and
// descriptions.
func plainText(markdown string) string { return sdkhtml.PlainText(markdown) }
