package http_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestEmbedErrorPages: an embed address that names no module or object
// answers 404 in the embed layout, framable by the sites that may embed:
// in a frame, the site's error page would be refused by the browser, or
// show the site's header and navigation.
func TestEmbedErrorPages(t *testing.T) {
	e := mustServeEmbed(t)
	e.Module.EmbedOrigins = []string{"http://localhost:8080"}
	b := e.browser(t)
	for _, tc := range []struct{ path, ancestors, names string }{
		{"/embed/modules/nope/objects/intro", hostOrigin, `"nope"`},
		{"/embed/modules/nope", hostOrigin, `"nope"`},
		{"/embed/modules/m1/objects/nope", hostOrigin + " http://localhost:8080", `"nope"`},
		{"/embed/modules/m1?object=nope", hostOrigin + " http://localhost:8080", `"nope"`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, doc := b.get(t, tc.path)
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d, want 404", resp.StatusCode)
			}
			checkHeaders(t, resp.Header, tc.ancestors, false)
			if doc.Find("html.lode-embed").Length() != 1 || doc.Find("header, nav").Length() != 0 {
				t.Errorf("not the embed layout, or the site's header: %q", text(doc.Find("body")))
			}
			if got := text(doc.Find("[data-lode-refused]")); !strings.Contains(got, tc.names) {
				t.Errorf("the frame says %q, want what was not found", got)
			}
		})
	}
}
