package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// encoded are an asset's precompressed copies, made once at start so that
// serving them costs nothing per request; each nil when the type is
// already compressed (images, fonts) or the coding does not make it
// smaller.
type encoded struct {
	br, gzip []byte
}

func precompress(contentType string, data []byte) encoded {
	if !compressible(contentType) {
		return encoded{}
	}
	return encoded{
		br: compress(data, func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, brotli.BestCompression) }),
		gzip: compress(data, func(w io.Writer) io.WriteCloser {
			z, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // the level is valid
			return z
		}),
	}
}

// compress returns data through the writer newWriter makes, or nil when
// that is no smaller.
func compress(data []byte, newWriter func(io.Writer) io.WriteCloser) []byte {
	var buf bytes.Buffer
	w := newWriter(&buf)
	w.Write(data) // to a bytes.Buffer: cannot fail
	w.Close()
	if buf.Len() >= len(data) {
		return nil
	}
	return buf.Bytes()
}

func compressible(contentType string) bool {
	for _, prefix := range []string{"text/", "application/javascript", "application/json", "image/svg+xml"} {
		if strings.HasPrefix(contentType, prefix) {
			return true
		}
	}
	return false
}

// pick is the copy to send r and its Content-Encoding: brotli, the
// smaller, when r takes it, else gzip; "" and nil for the file as it is.
func (e encoded) pick(r *http.Request) (coding string, data []byte) {
	switch {
	case e.br != nil && accepts(r, "br"):
		return "br", e.br
	case e.gzip != nil && accepts(r, "gzip"):
		return "gzip", e.gzip
	}
	return "", nil
}

// accepts reports whether r's Accept-Encoding allows coding: named (or
// "*") with a quality above zero.
func accepts(r *http.Request, coding string) bool {
	for _, header := range r.Header.Values("Accept-Encoding") {
		for c := range strings.SplitSeq(header, ",") {
			name, params, _ := strings.Cut(c, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != coding && name != "*" {
				continue
			}
			if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
				if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
					continue
				}
			}
			return true
		}
	}
	return false
}
