package mailtest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime/quotedprintable"
	"strings"
)

// decodeBody undoes the transfer encoding a sender chose, so tests read
// the text as written.
func decodeBody(encoding string, body []byte) string {
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		if b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body))); err == nil {
			return string(b)
		}
	case "base64":
		if b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), "")); err == nil {
			return string(b)
		}
	}
	return string(body)
}
