// Package credentialtest helps tests read what credential makes.
package credentialtest

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"unicode/utf16"
)

var pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// PDFContains reports whether a certificate PDF's text holds s: its
// content streams, inflated, show text in UTF-16BE, as fpdf writes it in a
// TrueType font. (Text with ( ) or \ is escaped there and not found.)
func PDFContains(pdf []byte, s string) bool {
	var want []byte
	for _, u := range utf16.Encode([]rune(s)) {
		want = append(want, byte(u>>8), byte(u))
	}
	for _, m := range pdfStream.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // not deflated
		}
		text, _ := io.ReadAll(r)
		if bytes.Contains(text, want) {
			return true
		}
	}
	return false
}
