package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
)

func TestEvents(t *testing.T) {
	e := mustServe(t) // MaxBodyBytes: 1024
	const obj = "/modules/m1/objects/intro"
	b := e.browser(t)
	token := csrfToken(t, b.page(t, obj))

	t.Run("NoSession", func(t *testing.T) {
		resp, body := e.browser(t).event(t, obj, token, `{"type":"ping"}`)
		if resp.StatusCode != http.StatusUnauthorized || errorMessage(t, body) == "" {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
	})
	t.Run("NoCSRF", func(t *testing.T) {
		resp, body := b.event(t, obj, "", `{"type":"ping"}`)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(errorMessage(t, body), "CSRF") {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
	})
	t.Run("WrongCSRF", func(t *testing.T) {
		if resp, _ := b.event(t, obj, token+"x", `{"type":"ping"}`); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		resp, body := b.event(t, obj, token, `{"type":"ping","data":{"answer":["b"]},"rerender":true}`)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, %v", resp.StatusCode, body)
		}
		if html, _ := body["html"].(string); !strings.Contains(html, `Welcome: {"Count":1}`) {
			t.Errorf("html %q", html)
		}
		if cs, _ := body["client_state"].(map[string]any); cs["Count"] != 1.0 {
			t.Errorf("client_state %v", body["client_state"])
		}
		if body["feedback_html"] != "<p>pong</p>" {
			t.Errorf("feedback_html %v", body["feedback_html"])
		}
		if r, _ := body["result"].(map[string]any); r["completion"] != true {
			t.Errorf("result %v", body["result"])
		}
		p, _ := body["progress"].(map[string]any)
		if p["satisfied"] != 1.0 || p["required"] != 2.0 || p["percent"] != 50.0 || p["done"] != false {
			t.Errorf("progress %v", p)
		}
		assets, _ := body["assets"].([]any)
		if len(assets) != 1 || !strings.HasPrefix(assets[0].(map[string]any)["url"].(string), "/assets/plugins/echo/echo.") {
			t.Errorf("assets %v", assets)
		}
		if steps, _ := body["steps"].([]any); len(steps) != 3 || steps[0].(map[string]any)["label"] != "Done" {
			t.Errorf("steps %v", body["steps"])
		}
	})
	t.Run("SessionSecretKept", func(t *testing.T) {
		// Statements go to reports and LRSs; the session cookie must not.
		stmts, _, err := e.DB.Statements(context.Background(), lrs.StatementFilter{Limit: 50})
		must(t, err)
		raw, _ := json.Marshal(stmts)
		secret := sessionCookie(t, b, e.URL)
		if len(stmts) == 0 || !strings.Contains(string(raw), learning.SessionIDExtension) {
			t.Fatalf("no statements with a session id: %s", raw)
		}
		if strings.Contains(string(raw), secret) {
			t.Error("the session cookie's value is in a statement")
		}
	})
	t.Run("StatePersisted", func(t *testing.T) {
		doc := b.page(t, obj)
		sec := doc.Find("section[data-lode-object]")
		if got := text(sec.Find("p")); got != `Welcome: {"Count":1}` {
			t.Errorf("after reload the object shows %q", got)
		}
		if got := attr(sec, "data-lode-state"); got != `{"Count":1}` {
			t.Errorf("data-lode-state %q", got)
		}
		if got := text(doc.Find(`[data-lode-step="intro"]`)); got != "Welcome, Done" {
			t.Errorf("step says %q", got)
		}
	})
	t.Run("NoRerender", func(t *testing.T) {
		resp, body := b.event(t, obj, token, `{"type":"ping"}`)
		if resp.StatusCode != http.StatusOK || body["html"] != nil {
			t.Errorf("status %d, html %v: want no html unless asked", resp.StatusCode, body["html"])
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		big := `{"type":"ping","data":{"x":["` + strings.Repeat("a", 2000) + `"]}}`
		resp, body := b.event(t, obj, token, big)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(errorMessage(t, body), "1024 bytes") {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
	})
	for _, tc := range []struct{ name, body, field string }{
		{"MissingType", `{"data":{}}`, "type"},
		{"WrongType", `{"type":5}`, "type"},
		{"UnknownField", `{"type":"ping","learner":"someone-else"}`, "learner"},
		{"Malformed", `{"type":"ping"`, "body"},
		{"Trailing", `{"type":"ping"} {}`, "body"},
		{"Empty", ``, "body"},
		{"NotAType", `{"type":"<script>"}`, "type"},
		{"DataNotAnObject", `{"type":"ping","data":"x"}`, "data"},
		{"BadUTF8", "{\"type\":\"ping\xff\"}", "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.event(t, obj, token, tc.body)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, %v", resp.StatusCode, body)
			}
			e := body["error"].(map[string]any)
			if e["code"] != "invalid" || e["field"] != tc.field || !strings.HasPrefix(e["message"].(string), tc.field+": ") {
				t.Errorf("error %v, want one naming %q", e, tc.field)
			}
		})
	}
	t.Run("UnknownObject", func(t *testing.T) {
		if resp, _ := b.event(t, "/modules/m1/objects/nope", token, `{"type":"ping"}`); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
	t.Run("PluginRefuses", func(t *testing.T) {
		resp, body := b.event(t, obj, token, `{"type":"invalid","data":{"a":["b"]}}`)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(errorMessage(t, body), "not acceptable") {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
	})
	t.Run("PluginPanics", func(t *testing.T) {
		resp, body := b.event(t, obj, token, `{"type":"panic"}`)
		if resp.StatusCode != http.StatusInternalServerError || strings.Contains(errorMessage(t, body), "asked to panic") {
			t.Errorf("status %d, %v: want 500 without the plugin's words", resp.StatusCode, body)
		}
	})
}
