package http_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"

	"github.com/andybalholm/brotli"
)

// getEncoded fetches url sending Accept-Encoding as given ("" for none),
// without the transport's own decompression.
func getEncoded(t *testing.T, url, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	must(t, err)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	must(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp, body
}

func TestStaticAssetsPrecompressed(t *testing.T) {
	e := mustServe(t)
	doc := e.browser(t).page(t, "/modules/m1/objects/intro")
	css := attr(doc.Find(`link[rel=stylesheet][href^="/assets/lode."]`), "href")
	if css == "" {
		t.Fatal("the page links no lode.css")
	}
	plain, want := getEncoded(t, e.URL+css, "")
	if plain.Header.Get("Content-Encoding") != "" || plain.Header.Get("Vary") != "Accept-Encoding" || len(want) == 0 {
		t.Fatalf("plain: Content-Encoding %q, Vary %q, %d bytes", plain.Header.Get("Content-Encoding"), plain.Header.Get("Vary"), len(want))
	}
	for accept, coding := range map[string]string{"gzip": "gzip", "gzip, br;q=0": "gzip", "br": "br", "br, gzip;q=0.5": "br", "*": "br"} {
		t.Run(accept, func(t *testing.T) {
			resp, body := getEncoded(t, e.URL+css, accept)
			if resp.Header.Get("Content-Encoding") != coding || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Fatalf("Content-Encoding %q, Cache-Control %q; want %s", resp.Header.Get("Content-Encoding"), resp.Header.Get("Cache-Control"), coding)
			}
			if resp.Header.Get("ETag") == plain.Header.Get("ETag") || resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("ETag %s (plain %s), Vary %q: want its own ETag and Vary", resp.Header.Get("ETag"), plain.Header.Get("ETag"), resp.Header.Get("Vary"))
			}
			var zr io.Reader = brotli.NewReader(bytes.NewReader(body))
			if coding == "gzip" {
				var err error
				zr, err = gzip.NewReader(bytes.NewReader(body))
				must(t, err)
			}
			got, err := io.ReadAll(zr)
			must(t, err)
			if !bytes.Equal(got, want) || len(body) >= len(want) {
				t.Errorf("%s: %d bytes unpack to %d, want %d", coding, len(body), len(got), len(want))
			}
		})
	}
	t.Run("BrotliIsTheSmaller", func(t *testing.T) {
		_, br := getEncoded(t, e.URL+css, "br")
		_, gz := getEncoded(t, e.URL+css, "gzip")
		if len(br) >= len(gz) {
			t.Errorf("brotli %d bytes, gzip %d", len(br), len(gz))
		}
	})
	for _, accept := range []string{"gzip;q=0, br;q=0", "identity"} {
		t.Run("Refused "+accept, func(t *testing.T) {
			if resp, _ := getEncoded(t, e.URL+css, accept); resp.Header.Get("Content-Encoding") != "" {
				t.Errorf("Content-Encoding %q for Accept-Encoding %q", resp.Header.Get("Content-Encoding"), accept)
			}
		})
	}
}
