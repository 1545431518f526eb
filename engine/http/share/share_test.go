package share_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/lode-elearning/lode/engine/feed"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/share"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// The packages here are stand-ins: the real export (module.Export) and
// its determinism are tested through cmd/lode's TestSharingBetweenSites
// and TestExportIsDeterministic.
func mustShare(t *testing.T, mods ...*learning.Module) (*httptest.Server, *module.Catalog, *int) {
	t.Helper()
	cat := module.NewCatalog(mods)
	exports := 0
	s := &share.Server{Modules: cat, BaseURL: "http://lode.example", SiteName: "Lode", Export: func(_ context.Context, m *learning.Module, w io.Writer) error {
		exports++
		_, err := io.WriteString(w, "PK package of "+m.ID+" "+m.Version)
		return err
	}}
	core := lodehttp.New(lodehttp.Config{}) // with Lode's error handler: ENOTFOUND is 404
	if err := core.Mount(s); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(core.Handler())
	t.Cleanup(ts.Close)
	return ts, cat, &exports
}

func get(t *testing.T, u string, h http.Header) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestFeed(t *testing.T) {
	ts, cat, exports := mustShare(t,
		&learning.Module{ID: "open", Title: "Open", Version: "1.0.0", License: "CC-BY-4.0", Attribution: "By us."},
		&learning.Module{ID: "nc", Title: "Not open", Version: "1.0.0", License: "CC-BY-NC-4.0"},
		&learning.Module{ID: "none", Title: "No license", Version: "1.0.0"})
	resp, body := get(t, ts.URL+"/feed.atom", nil)
	base, _ := url.Parse("http://lode.example/feed.atom")
	f, err := feed.Parse(body, base)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /feed.atom: %d, %v\n%s", resp.StatusCode, err, body)
	}
	if len(f.Entries) != 1 || f.Entries[0].ModuleID != "open" || f.Entries[0].Length != int64(len("PK package of open 1.0.0")) {
		t.Fatalf("entries %+v, want only the openly licensed module", f.Entries)
	}
	t.Run("Head", func(t *testing.T) {
		for _, path := range []string{"/feed.atom", "/packages/open/1.0.0.zip"} {
			resp, err := http.Head(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
				t.Errorf("HEAD %s: %d, ETag %q", path, resp.StatusCode, resp.Header.Get("ETag"))
			}
		}
	})
	t.Run("NotModified", func(t *testing.T) {
		if resp, _ := get(t, ts.URL+"/feed.atom", http.Header{"If-None-Match": {resp.Header.Get("ETag")}}); resp.StatusCode != http.StatusNotModified {
			t.Fatalf("with the ETag: %d, want 304", resp.StatusCode)
		}
	})
	t.Run("Packages", func(t *testing.T) {
		for path, want := range map[string]int{"/packages/open/1.0.0.zip": 200, "/packages/open/0.9.0.zip": 404, "/packages/open/1.0.0": 404,
			"/packages/nc/1.0.0.zip": 404, "/packages/none/1.0.0.zip": 404, "/packages/absent/1.0.0.zip": 404} {
			if resp, _ := get(t, ts.URL+path, nil); resp.StatusCode != want {
				t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
			}
		}
		if *exports != 1 {
			t.Fatalf("the open module was exported %d times, want once", *exports)
		}
	})
	t.Run("ReloadExportsAgain", func(t *testing.T) {
		cat.Replace(&learning.Module{ID: "open", Title: "Open", Version: "1.1.0", License: "CC-BY-4.0"})
		_, body := get(t, ts.URL+"/feed.atom", nil)
		f, err := feed.Parse(body, base)
		if err != nil || len(f.Entries) != 1 || f.Entries[0].Version != "1.1.0" || *exports != 2 {
			t.Fatalf("after a new version: %v %+v, %d exports", err, f, *exports)
		}
	})
}
