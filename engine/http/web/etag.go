package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// pageETag is a strong validator of a rendered page: the first 128 bits
// of its SHA-256. A page that shows the same progress to the same session
// renders to the same bytes, so a reload can be answered with 304.
func pageETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// matchesNoneMatch reports whether r's If-None-Match names etag. RFC 9110
// §13.1.2 compares weakly here, so W/"x" matches "x".
func matchesNoneMatch(r *http.Request, etag string) bool {
	for _, header := range r.Header.Values("If-None-Match") {
		for tag := range strings.SplitSeq(header, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
	}
	return false
}

// isRead is a GET or HEAD: only a read may be answered 304.
func isRead(r *http.Request) bool {
	return r.Method == http.MethodGet || r.Method == http.MethodHead
}
