package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/lrs"
)

// Hostile input on the learner's routes: every request gets a 4xx, never
// a 2xx or a 5xx, and nothing is stored.
func TestHostileLearnerInput(t *testing.T) {
	e := mustServe(t)
	const obj = "/modules/m1/objects/intro"
	b := e.browser(t)
	token := csrfToken(t, b.page(t, obj))
	stored := func() int {
		stmts, _, err := e.DB.Statements(context.Background(), lrs.StatementFilter{Limit: 1000})
		must(t, err)
		return len(stmts)
	}
	before := stored()

	deep := `{"type":"ping","data":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`
	for _, tc := range []struct {
		name, contentType, body string
		csrf                    string
	}{
		{"DeepNesting", "application/json", deep, token},
		{"BadUTF8Type", "application/json", "{\"type\":\"\xff\xfe\"}", token},
		{"BadUTF8Field", "application/json", "{\"type\":\"ping\",\"\xff\":1}", token},
		{"NullByte", "application/json", "{\"type\":\"ping\u0000\"}", token},
		{"NotAnObject", "application/json", `[{"type":"ping"}]`, token},
		{"Number", "application/json", `42`, token},
		{"DataNotAnObject", "application/json", `{"type":"ping","data":"x"}`, token},
		{"WrongContentType", "text/plain", `{"type":"ping"}`, token},
		{"FormPost", "application/x-www-form-urlencoded", `type=ping`, token},
		{"Oversized", "application/json", `{"type":"ping","data":{"x":["` + strings.Repeat("a", 1<<20) + `"]}}`, token},
		{"ForgedCSRF", "application/json", `{"type":"ping"}`, token[:len(token)-2] + "zz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, e.URL+"/api"+obj+"/events", strings.NewReader(tc.body))
			must(t, err)
			req.Header.Set("Content-Type", tc.contentType)
			req.Header.Set("X-CSRF-Token", tc.csrf)
			resp, err := b.Do(req)
			must(t, err)
			resp.Body.Close()
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("status %d, want a 4xx", resp.StatusCode)
			}
		})
	}
	for _, tc := range []struct{ name, path string }{
		{"EscapedDotDot", "/modules/m1/objects/..%2f..%2fetc%2fpasswd"},
		{"DotDotModule", "/modules/..%2fm1/objects/intro"},
		{"NullInPath", "/modules/m1%00/objects/intro"},
		{"HugeID", "/modules/" + strings.Repeat("m", 8000) + "/objects/intro"},
		{"BadUTF8InPath", "/modules/%ff%fe/objects/intro"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := b.Get(e.URL + tc.path)
			must(t, err)
			resp.Body.Close()
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("GET %s: status %d, want a 4xx", tc.path[:min(len(tc.path), 60)], resp.StatusCode)
			}
		})
	}
	t.Run("ForgedCookies", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, e.URL+"/api"+obj+"/events", strings.NewReader(`{"type":"ping"}`))
		must(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", token)
		req.Header.Set("Cookie", "lode_session=forged; lode_learner=someone.c2lnbmF0dXJl")
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", resp.StatusCode)
		}
	})
	t.Run("HugeHeader", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, e.URL+obj, nil)
		must(t, err)
		req.Header.Set("X-Padding", strings.Repeat("a", 2<<20))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("status %d, want a 4xx or a closed connection", resp.StatusCode)
			}
		}
	})
	if got := stored(); got != before {
		t.Errorf("%d statements stored by hostile requests", got-before)
	}
}

// Hostile input on the LRS: every request gets a 4xx and nothing is
// stored.
func TestHostileLRSInput(t *testing.T) {
	e := mustServeLRS(t)
	e.Site.LRS.Documents = &lrs.Documents{Store: e.DB, Definitions: e.DB}
	c := e.client(t, "1.0.3")
	good := string(mustJSON(t, statement()))
	deep := `{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://x.example/v"},"object":{"id":"http://x.example/o"},` +
		`"result":{"extensions":{"http://x.example/e":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}}`
	for _, tc := range []struct {
		name, method, path, contentType, body string
		header                                []string
	}{
		{"DeepNesting", http.MethodPost, "/xapi/statements", "application/json", deep, nil},
		{"BadUTF8", http.MethodPost, "/xapi/statements", "application/json", strings.Replace(good, "attended", "\xff\xfe", 1), nil},
		{"DuplicateKey", http.MethodPost, "/xapi/statements", "application/json", `{"actor":{"mbox":"mailto:a@b.example"},"actor":{"mbox":"mailto:c@d.example"},"verb":{"id":"http://x.example/v"},"object":{"id":"http://x.example/o"}}`, nil},
		{"Truncated", http.MethodPost, "/xapi/statements", "application/json", good[:len(good)/2], nil},
		{"WrongContentType", http.MethodPost, "/xapi/statements", "text/plain", good, nil},
		{"BrokenMultipart", http.MethodPost, "/xapi/statements", "multipart/mixed; boundary=xyz", "--xyz\r\nContent-Type: application/json\r\n\r\n" + good, nil},
		{"Oversized", http.MethodPost, "/xapi/statements", "application/json", `[` + strings.Repeat(good+",", (17<<20)/len(good)) + good + `]`, nil},
		{"ForgedCredentials", http.MethodPost, "/xapi/statements", "application/json", good, []string{"Authorization", "Basic " + basicToken(lrsKey, "forged")}},
		{"NotBasic", http.MethodPost, "/xapi/statements", "application/json", good, []string{"Authorization", "Bearer abc"}},
		{"BadVersion", http.MethodPost, "/xapi/statements", "application/json", good, []string{"X-Experience-API-Version", "9.9.9"}},
		{"StateBadAgent", http.MethodPut, "/xapi/activities/state?activityId=http%3A%2F%2Fx.example%2Fo&stateId=s&agent=%7Bnot%20json", "application/json", `{"a":1}`, nil},
		{"PathTrick", http.MethodGet, "/xapi/statements/..%2f..%2fetc%2fpasswd", "", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := append([]string{"Content-Type", tc.contentType}, tc.header...)
			resp := c.do(tc.method, tc.path, []byte(tc.body), h...)
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("status %d, want a 4xx: %.200s", resp.StatusCode, resp.Body)
			}
		})
	}
	if ids, _ := c.query(nil); len(ids) != 0 {
		t.Errorf("hostile requests stored %d statements", len(ids))
	}
}
