package http_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// conditionalGet requests path with If-None-Match: etag and returns the
// status, ETag and body length.
func (b *browser) conditionalGet(tb testing.TB, path, etag string) (int, string, int) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	must(tb, err)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := b.Do(req)
	must(tb, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(tb, err)
	return resp.StatusCode, resp.Header.Get("ETag"), len(body)
}

func TestPageETag(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	const obj = "/modules/m1/objects/intro"
	b.page(t, obj) // start the module, so that the summary is there
	for _, path := range []string{"/", obj, "/modules/m1/summary"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := b.get(t, path)
			etag := resp.Header.Get("ETag")
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `"`) || len(etag) != 34 {
				t.Fatalf("status %d, ETag %q; want 200 and a strong ETag", resp.StatusCode, etag)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "private, no-cache" {
				t.Errorf("Cache-Control %q", cc)
			}
			for _, sent := range []string{etag, "W/" + etag, `"other", ` + etag} {
				if status, got, n := b.conditionalGet(t, path, sent); status != http.StatusNotModified || got != etag || n != 0 {
					t.Errorf("If-None-Match %s: status %d, ETag %q, %d bytes; want 304, the same ETag, no body", sent, status, got, n)
				}
			}
			if status, _, n := b.conditionalGet(t, path, `"other"`); status != http.StatusOK || n == 0 {
				t.Errorf("another ETag: status %d, %d bytes; want the page", status, n)
			}
		})
	}
	t.Run("ChangedProgressIsANewPage", func(t *testing.T) {
		_, before, _ := b.conditionalGet(t, obj, "")
		b.ping(t, obj)
		status, after, _ := b.conditionalGet(t, obj, before)
		if status != http.StatusOK || after == before {
			t.Fatalf("after an interaction: status %d, ETag %q (before %q); want 200 and a new ETag", status, after, before)
		}
	})
	t.Run("AnotherLearnerGetsTheirOwnPage", func(t *testing.T) {
		_, mine, _ := b.conditionalGet(t, obj, "")
		other := e.browser(t)
		if status, _, _ := other.conditionalGet(t, obj, mine); status != http.StatusOK {
			t.Fatalf("another learner sending my ETag: status %d, want 200", status)
		}
	})
}
