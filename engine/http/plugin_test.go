package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestPluginCrash: while a content type restarts, only its objects are
// unavailable, with a clear message; the rest of Lode keeps working.
func TestPluginCrash(t *testing.T) {
	e := mustServe(t, func(s *setup) {
		s.Host.BackoffMin = 1500 * time.Millisecond // a window to observe the outage in
	})
	const obj = "/modules/m1/objects/intro"
	b := e.browser(t)
	token := csrfToken(t, b.page(t, obj))

	resp, body := b.event(t, obj, token, `{"type":"crash"}`)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("the crashing call: status %d, Retry-After %q, %v", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}

	t.Run("ObjectPage", func(t *testing.T) {
		resp, doc := b.get(t, obj)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "2" {
			t.Fatalf("status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		checkLayout(t, doc)
		msg := text(doc.Find(".lode-unavailable"))
		if !strings.Contains(msg, "The echo content type is restarting; try again in a moment.") {
			t.Errorf("message %q", msg)
		}
		if doc.Find("section[data-lode-object]").Length() != 0 {
			t.Error("the object should be replaced by the message")
		}
		if doc.Find(`nav[aria-label="Module steps"] li[data-lode-step]`).Length() != 3 || attr(doc.Find("a[rel=next]"), "href") == "" {
			t.Error("the steps and links should still be there")
		}
	})
	t.Run("RestKeepsWorking", func(t *testing.T) {
		for _, path := range []string{"/", "/healthz", "/profile"} {
			if resp, _ := b.get(t, path); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d", path, resp.StatusCode)
			}
		}
	})
	t.Run("NotReady", func(t *testing.T) {
		waitFor(t, "/readyz to report the plugin", func() bool {
			status, ready := readyz(t, e.URL)
			return status == http.StatusServiceUnavailable && !ready["plugin echo"] && ready["storage"]
		})
	})
	t.Run("Back", func(t *testing.T) {
		waitFor(t, "the object to come back", func() bool {
			resp, _ := b.get(t, obj)
			return resp.StatusCode == http.StatusOK
		})
		b.ping(t, obj)
		if status, _ := readyz(t, e.URL); status != http.StatusOK {
			t.Errorf("/readyz status %d after the restart", status)
		}
	})
}

// readyz returns /readyz's status and each check's result.
func readyz(t *testing.T, base string) (int, map[string]bool) {
	t.Helper()
	resp := opsGet(t, base+"/readyz", testOpsToken)
	defer resp.Body.Close()
	var body struct {
		Ready  bool
		Checks []struct {
			Name string
			OK   bool
		}
	}
	must(t, json.NewDecoder(resp.Body).Decode(&body))
	out := map[string]bool{}
	for _, c := range body.Checks {
		out[c.Name] = c.OK
	}
	if body.Ready != (resp.StatusCode == http.StatusOK) {
		t.Errorf("ready=%v with status %d", body.Ready, resp.StatusCode)
	}
	return resp.StatusCode, out
}

func TestAssets(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/modules/m1/objects/intro")
	urls := doc.Find("link[rel=stylesheet], script[src]").Map(func(_ int, s *goquery.Selection) string {
		if v := attr(s, "href"); v != "" {
			return v
		}
		return attr(s, "src")
	})
	want := map[string]string{"lode.css": "text/css", "lode.js": "text/javascript", "echo.css": "text/css"}
	for _, u := range urls {
		name := u[strings.LastIndex(u, "/")+1:]
		base := name[:strings.Index(name, ".")] + name[strings.LastIndex(name, "."):]
		t.Run(base, func(t *testing.T) {
			resp, err := http.Get(e.URL + u)
			must(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), want[base]) {
				t.Errorf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if got := resp.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control %q", got)
			}
			if base == "echo.css" && string(body) != ".echo{color:#000}" {
				t.Errorf("body %q", body)
			}
			delete(want, base)
		})
	}
	if len(want) > 0 {
		t.Errorf("the page did not include %v", want)
	}

	t.Run("WrongHash", func(t *testing.T) {
		for _, p := range []string{"/assets/lode.00000000.css", "/assets/plugins/echo/echo.00000000.css",
			"/assets/plugins/echo/nope.css", "/assets/plugins/nope/echo.00000000.css"} {
			if resp, _ := b.get(t, p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
			}
		}
	})
	t.Run("RefetchOnMiss", func(t *testing.T) {
		// A second server has an empty cache, as after a restart: the URL
		// a browser kept must still work.
		other := mustServeWithHost(t, e.Host)
		var pluginCSS string
		for _, u := range urls {
			if strings.HasPrefix(u, "/assets/plugins/") {
				pluginCSS = u
			}
		}
		resp, err := http.Get(other.URL + pluginCSS)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}
