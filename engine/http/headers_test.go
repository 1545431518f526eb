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
	// Module files get a stricter policy of their own (TestMedia).
	for _, path := range []string{"/", "/modules/m1/objects/intro", "/profile", "/healthz", "/readyz", "/metrics",
		"/modules/m1/media/media/nope.webm", "/no/such/page"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := b.get(t, path)
			checkHeaders(t, resp.Header, "'none'", true)
		})
	}
	t.Run("APIError", func(t *testing.T) {
		resp, _ := b.event(t, "/modules/m1/objects/intro", token, `{}`)
		checkHeaders(t, resp.Header, "'none'", true)
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
	if got := h.Get("Permissions-Policy"); !strings.Contains(got, "camera=()") || !strings.Contains(got, "geolocation=()") {
		t.Errorf("Permissions-Policy %q", got)
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
		resp := opsGet(t, e.URL+"/metrics", testOpsToken)
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

// opsGet sends GET url with the operators' token (none when "").
func opsGet(t *testing.T, url, token string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	must(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	return resp
}

// /metrics and what /readyz's checks say (a database's error, say) are
// for operators: they need the ops token; whether the server is ready is
// for anyone (a load balancer).
func TestOpsEndpointsNeedTheToken(t *testing.T) {
	e := mustServe(t)
	for _, token := range []string{"", "wrong-token-of-some-length"} {
		resp := opsGet(t, e.URL+"/metrics", token)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("/metrics with token %q: status %d, challenge %q: want 401 with a Bearer challenge", token, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
		resp = opsGet(t, e.URL+"/readyz", token)
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(raw) != `{"ready":true}`+"\n" {
			t.Errorf("/readyz with token %q: status %d, %s: want 200 and only whether it is ready", token, resp.StatusCode, raw)
		}
	}
	t.Run("NoTokenConfigured", func(t *testing.T) {
		e := mustServe(t, func(s *setup) { s.Core.OpsToken = "" })
		resp := opsGet(t, e.URL+"/metrics", testOpsToken)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("/metrics without ops_token: status %d, want 404", resp.StatusCode)
		}
	})
}

// Over https, browsers are told to keep to it.
func TestHSTS(t *testing.T) {
	e := mustServe(t, func(s *setup) { s.Core.HTTPS = true })
	resp, err := http.Get(e.URL + "/healthz")
	must(t, err)
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("Strict-Transport-Security %q", got)
	}
	plain := mustServe(t)
	resp, err = http.Get(plain.URL + "/healthz")
	must(t, err)
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS %q over plain http", got)
	}
}
