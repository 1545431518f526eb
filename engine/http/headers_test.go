package http_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

const wantCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
	"media-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "

func TestSecurityHeaders(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	token := csrfToken(t, b.page(t, "/"))
	for _, path := range []string{"/", "/modules/m1/objects/intro", "/profile", "/healthz", "/readyz", "/metrics",
		"/modules/m1/media/media/clip.webm", "/no/such/page"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := b.get(t, path)
			checkHeaders(t, resp.Header, "'none'", true)
		})
	}
	t.Run("APIError", func(t *testing.T) {
		resp, _ := b.event(t, "/modules/m1/objects/intro", token, `{}`)
		checkHeaders(t, resp.Header, "'none'", true)
	})
	t.Run("EmbedOrigins", func(t *testing.T) {
		e := mustServe(t, func(s *setup) {
			s.Core.EmbedOrigins = []string{"https://lms.example.org", "https://moodle.example.edu"}
		})
		resp, err := http.Get(e.URL + "/")
		must(t, err)
		resp.Body.Close()
		checkHeaders(t, resp.Header, "https://lms.example.org https://moodle.example.edu", false)
	})
}

func checkHeaders(t *testing.T, h http.Header, ancestors string, frameOptions bool) {
	t.Helper()
	if got := h.Get("Content-Security-Policy"); got != wantCSP+ancestors {
		t.Errorf("CSP %q, want %q", got, wantCSP+ancestors)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
		t.Errorf("X-Content-Type-Options %q, Referrer-Policy %q", h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
	}
	if got := h.Get("X-Frame-Options"); frameOptions != (got == "DENY") || !frameOptions && got != "" {
		t.Errorf("X-Frame-Options %q", got)
	}
}

func TestHealth(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	b.ping(t, "/modules/m1/objects/intro")

	t.Run("Healthz", func(t *testing.T) {
		resp, doc := b.get(t, "/healthz")
		if resp.StatusCode != 200 || text(doc.Selection) != "ok" {
			t.Errorf("status %d, %q", resp.StatusCode, text(doc.Selection))
		}
	})
	t.Run("Readyz", func(t *testing.T) {
		status, checks := readyz(t, e.URL)
		if status != 200 || !checks["storage"] || !checks["plugin echo"] {
			t.Errorf("status %d, %v", status, checks)
		}
	})
	t.Run("Metrics", func(t *testing.T) {
		b.get(t, "/no/such/page")
		resp, err := http.Get(e.URL + "/metrics")
		must(t, err)
		defer resp.Body.Close()
		raw := new(strings.Builder)
		_, _ = io.Copy(raw, resp.Body)
		for _, want := range []string{
			`lode_http_requests_total{method="GET",route="/modules/:id/objects/:oid",status="200"}`,
			`lode_http_requests_total{method="POST",route="/api/modules/:id/objects/:oid/events",status="200"} 1`,
			`lode_http_request_duration_seconds_bucket{method="GET",route="/modules/:id/objects/:oid",`,
			`lode_plugin_calls_total{content_type="echo",method="Handle"} 1`,
			`lode_plugin_call_duration_seconds_count{content_type="echo",method="Render"}`,
			`lode_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
			`go_goroutines`,
		} {
			if !strings.Contains(raw.String(), want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		if strings.Contains(raw.String(), "/modules/m1") {
			t.Error("metrics should be labelled by route template, not URL")
		}
	})
}
