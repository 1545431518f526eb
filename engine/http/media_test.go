package http_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

func TestMedia(t *testing.T) {
	e := mustServe(t)

	get := func(t *testing.T, path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, e.URL+path, nil)
		must(t, err)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}

	t.Run("Video", func(t *testing.T) {
		resp, body := get(t, "/modules/m1/media/media/clip.webm")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "video/webm" || body != "0123456789abcdefghij" {
			t.Errorf("status %d, Content-Type %q, body %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		if resp.Header.Get("Accept-Ranges") != "bytes" || resp.Header.Get("Last-Modified") == "" ||
			!strings.HasPrefix(resp.Header.Get("Cache-Control"), "public, max-age=") {
			t.Errorf("headers %v", resp.Header)
		}
	})
	t.Run("Range", func(t *testing.T) {
		resp, body := get(t, "/modules/m1/media/media/clip.webm", "Range", "bytes=10-14")
		if resp.StatusCode != http.StatusPartialContent || body != "abcde" || resp.Header.Get("Content-Range") != "bytes 10-14/20" {
			t.Errorf("status %d, Content-Range %q, body %q", resp.StatusCode, resp.Header.Get("Content-Range"), body)
		}
	})
	t.Run("Captions", func(t *testing.T) {
		resp, _ := get(t, "/modules/m1/media/media/clip.en.vtt")
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/vtt") {
			t.Errorf("Content-Type %q", ct)
		}
	})
	t.Run("ScriptInert", func(t *testing.T) {
		// An SVG opened on its own is a document of Lode's origin: its
		// script must not run, or it could act as the learner.
		resp, _ := get(t, "/modules/m1/media/media/diagram.svg")
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" ||
			!strings.HasPrefix(csp, "sandbox;") || !strings.Contains(csp, "default-src 'none'") ||
			resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("status %d, headers %v", resp.StatusCode, resp.Header)
		}
	})
	t.Run("Conditional", func(t *testing.T) {
		first, _ := get(t, "/modules/m1/media/media/clip.webm")
		resp, _ := get(t, "/modules/m1/media/media/clip.webm", "If-Modified-Since", first.Header.Get("Last-Modified"))
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
	for path, status := range map[string]int{
		"/modules/m1/media/media/nope.webm":      404,
		"/modules/m1/media/media":                404,
		"/modules/m1/media/media/%2e%2e/secret":  400,
		"/modules/m1/media/..%2fmodule.yaml":     400,
		"/modules/nope/media/media/clip.webm":    404,
		"/modules/m1/media/media%2fclip.webm":    200, // an escaped slash is still a path inside the module
		"/modules/m1/media/.hidden/clip.webm":    404,
		"/modules/m1/media/media/../../etc/pass": 400,
		"/modules/m1/media/media/notes.txt":      404, // in the folder, named by no object
	} {
		t.Run(path, func(t *testing.T) {
			resp, err := http.Get(e.URL + path)
			must(t, err)
			resp.Body.Close()
			if resp.StatusCode != status {
				t.Errorf("status %d, want %d", resp.StatusCode, status)
			}
		})
	}
}

// TestInternalError: an unexpected error is logged, and the learner sees
// a generic message without its details.
func TestInternalError(t *testing.T) {
	e := mustServe(t, func(s *setup) {
		s.Server = func(srv *site) {
			srv.Web.Media = func(*learning.Module, string) (string, error) {
				return "", errors.New("disk /srv/secret is on fire")
			}
		}
	})
	resp, err := http.Get(e.URL + "/modules/m1/media/a.png")
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 500 || strings.Contains(string(body), "secret") || !strings.Contains(string(body), "Something went wrong") {
		t.Errorf("status %d, body %s", resp.StatusCode, body)
	}
}
