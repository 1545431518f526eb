package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/feed"
)

// Issue 16's done-when: a second Lode subscribes to the first's feed and
// imports a published module with its license and attribution shown to
// learners; when the first publishes a new version, the second is told.
// Two real servers on loopback, each with its own database and content.
func TestSharingBetweenSites(t *testing.T) {
	ctx := context.Background()
	a := mustSite(t, "a", exportVersion(t, "1.0.0"))
	b := mustSite(t, "b", "")
	feedURL := a.srv.URL + "/feed.atom"

	t.Run("FeedListsOnlyOpenModules", func(t *testing.T) {
		f := readFeed(t, feedURL)
		if len(f.Entries) != 1 {
			t.Fatalf("the feed lists %d entries, want 1 (the CC-BY-NC-SA module left out): %+v", len(f.Entries), f.Entries)
		}
		e := f.Entries[0]
		if e.ModuleID != "reference-desk-basics" || e.Version != "1.0.0" || e.License != "CC-BY-4.0" ||
			!strings.HasPrefix(e.Attribution, "Written by the Lode contributors") || e.PackageURL != a.srv.URL+"/packages/reference-desk-basics/1.0.0.zip" {
			t.Fatalf("the entry is %+v", e)
		}
		body, status := fetch(t, e.PackageURL, nil)
		if sum := sha256.Sum256(body); status != http.StatusOK || hex.EncodeToString(sum[:]) != e.SHA256 || int64(len(body)) != e.Length {
			t.Fatalf("the package: %d, %d bytes, want the feed's %d bytes and SHA-256", status, len(body), e.Length)
		}
		if _, status := fetch(t, a.srv.URL+"/packages/patron-privacy-basics/1.0.0.zip", nil); status != http.StatusNotFound {
			t.Fatalf("the package of a CC-BY-NC-SA module: %d, want 404", status)
		}
		if _, status := fetch(t, a.srv.URL+"/packages/reference-desk-basics/0.9.0.zip", nil); status != http.StatusNotFound {
			t.Fatalf("the package of a version not served: %d, want 404", status)
		}
	})
	t.Run("FeedIsCached", func(t *testing.T) {
		resp, err := http.Get(feedURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		etag := resp.Header.Get("ETag")
		if etag == "" || resp.Header.Get("Last-Modified") == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed headers %v", resp.Header)
		}
		if _, status := fetch(t, feedURL, http.Header{"If-None-Match": {etag}}); status != http.StatusNotModified {
			t.Fatalf("the feed again with If-None-Match: %d, want 304", status)
		}
	})
	t.Run("CatalogAnnouncesTheFeed", func(t *testing.T) {
		doc := htmlPage(t, newLearner(t, a.srv.URL).client, a.srv.URL+"/")
		if href, _ := doc.Find(`head link[rel=alternate][type="application/atom+xml"]`).Attr("href"); href != "/feed.atom" {
			t.Fatalf("the catalog's feed link is %q", href)
		}
	})
	t.Run("MalformedFeedIsRefused", func(t *testing.T) {
		notAFeed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte("<!doctype html><html><body>Not a feed</body></html>"))
		}))
		defer notAFeed.Close()
		status, page := b.admin.postForm(t, "/admin/feeds", url.Values{"url": {notAFeed.URL}})
		if status != http.StatusBadRequest || !strings.Contains(page, "url: the document is not an Atom feed") {
			t.Fatalf("subscribing to an HTML page: %d\n%s", status, page)
		}
	})
	t.Run("WrongChecksumImportsNothing", func(t *testing.T) {
		forged := forgedFeed(t, feedURL)
		defer forged.Close()
		b.subscribe(t, forged.URL)
		status, page := b.admin.postForm(t, "/admin/feeds/import", url.Values{"subscription": {"1"}, "module": {"reference-desk-basics"}, "version": {"1.0.0"}})
		if status != http.StatusBadRequest || !strings.Contains(page, "but the feed says") {
			t.Fatalf("importing a package whose SHA-256 is not the feed's: %d\n%s", status, page)
		}
		if _, err := b.srv.app.catalog.Module("reference-desk-basics"); err == nil {
			t.Fatal("the module is served after a refused import")
		}
		if _, err := os.Stat(filepath.Join(b.content, ".versions", "reference-desk-basics")); !os.IsNotExist(err) {
			t.Fatalf("a refused import left files behind: %v", err)
		}
		b.admin.postForm(t, "/admin/feeds/remove", url.Values{"subscription": {"1"}})
	})
	t.Run("SubscribeBrowseImport", func(t *testing.T) {
		b.subscribe(t, feedURL)
		row := b.feedRow(t, "1.0.0")
		if !strings.Contains(row, "CC-BY-4.0") || !strings.Contains(row, "Written by the Lode contributors") || !strings.Contains(row, "not imported") {
			t.Fatalf("the entry on B's feeds page: %q", row)
		}
		b.importEntry(t, "1.0.0")
		if m, err := b.srv.app.catalog.Module("reference-desk-basics"); err != nil || m.Version != "1.0.0" || m.License != "CC-BY-4.0" {
			t.Fatalf("B serves %+v, %v", m, err)
		}
		if row := b.feedRow(t, "1.0.0"); !strings.Contains(row, "imported") || strings.Contains(row, "not imported") {
			t.Fatalf("after the import the row says %q", row)
		}
	})
	t.Run("LearnerSeesLicenseAndAttribution", func(t *testing.T) {
		doc := htmlPage(t, newLearner(t, b.srv.URL).client, b.srv.URL+"/")
		rights := doc.Find(".lode-rights")
		if href, _ := rights.Find("a[rel=license]").Attr("href"); href != "https://creativecommons.org/licenses/by/4.0/" || !strings.Contains(rights.Text(), "Creative Commons Attribution 4.0") ||
			!strings.Contains(rights.Text(), "Written by the Lode contributors") {
			t.Fatalf("B's catalog shows the rights %q (license link %q)", rights.Text(), href)
		}
		if origin, _ := rights.Find("a:not([rel])").Attr("href"); origin != a.srv.URL || !strings.Contains(rights.Text(), "Shared from "+a.srv.URL) {
			t.Fatalf("B's catalog credits %q as the source: %q", origin, rights.Text())
		}
		if doc := htmlPage(t, newLearner(t, a.srv.URL).client, a.srv.URL+"/"); strings.Contains(doc.Find(".lode-rights").Text(), "Shared from") {
			t.Fatal("A's catalog says its own module was shared from elsewhere")
		}
	})
	t.Run("NewVersionIsAnnounced", func(t *testing.T) {
		if status, page := a.admin.upload(t, exportVersion(t, "1.1.0")); status != http.StatusSeeOther {
			t.Fatalf("A publishes 1.1.0: %d\n%s", status, page)
		}
		if badge := b.badge(t, "/admin/feeds"); badge != "" {
			t.Fatalf("before a refresh, B's badge says %q", badge)
		}
		if status, page := b.admin.postForm(t, "/admin/feeds/refresh", url.Values{"subscription": {"2"}}); status != http.StatusSeeOther {
			t.Fatalf("refresh: %d\n%s", status, page)
		}
		if row := b.feedRow(t, "1.1.0"); !strings.Contains(row, "update available: 1.0.0 imported") {
			t.Fatalf("after the refresh the new version's row says %q", row)
		}
		for _, page := range []string{"/admin", "/admin/feeds"} {
			if badge := b.badge(t, page); badge != "(1 update available)" {
				t.Fatalf("%s: the badge says %q", page, badge)
			}
		}
		b.importEntry(t, "1.1.0")
		if badge := b.badge(t, "/admin"); badge != "" {
			t.Fatalf("after importing 1.1.0 the badge says %q", badge)
		}
	})
	t.Run("UnpublishedLeavesTheFeed", func(t *testing.T) {
		a.admin.post(t, "/admin/modules/reference-desk-basics/unpublish", http.StatusSeeOther)
		if f := readFeed(t, feedURL); len(f.Entries) != 0 {
			t.Fatalf("after unpublishing, the feed lists %+v", f.Entries)
		}
		if _, status := fetch(t, a.srv.URL+"/packages/reference-desk-basics/1.1.0.zip", nil); status != http.StatusNotFound {
			t.Fatalf("the package of an unpublished module: %d, want 404", status)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		log, err := b.srv.app.store.admins.AuditLog(ctx, 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
			if e.Action == "module.import" && (!bytes.Contains(e.Details, []byte(feedURL)) || !bytes.Contains(e.Details, []byte("Written by the Lode contributors"))) {
				t.Errorf("the import's audit entry does not keep its source and attribution: %s", e.Details)
			}
		}
		want := "module.import feed.update module.import feed.subscribe feed.unsubscribe feed.subscribe admin.create"
		if got := strings.Join(actions, " "); got != want {
			t.Fatalf("B's audit log, newest first: %s", got)
		}
	})
}

// site is a Lode server with an administrator signed in, over a content
// folder of its own.
type site struct {
	srv     *lodeServer
	admin   *adminBrowser
	content string
}

// mustSite starts a site; with pkg, its content is that package imported
// and the second sample module relicensed CC-BY-NC-SA-4.0 (not open).
func mustSite(t *testing.T, name, pkg string) *site {
	t.Helper()
	content := t.TempDir()
	if pkg != "" {
		cfg := config.Default()
		cfg.ContentDir = content
		var out bytes.Buffer
		if err := importPackage(context.Background(), cfg, pkg, &out, &out); err != nil {
			t.Fatalf("lode import: %v\n%s", err, &out)
		}
		closed := filepath.Join(content, "patron-privacy-basics")
		if err := os.CopyFS(closed, os.DirFS("../../content/patron-privacy-basics")); err != nil {
			t.Fatal(err)
		}
		replaceInFile(t, filepath.Join(closed, "module.yaml"), "license: CC-BY-4.0", "license: CC-BY-NC-SA-4.0")
	}
	srv := mustServe(t, func(c *config.Config) { c.ContentDir, c.FeedAllowPrivate, c.FeedPollInterval = content, true, 0 })
	email := "admin@" + name + ".library.example"
	if _, err := (&admin.Admins{Store: srv.app.store.admins}).Create(context.Background(), admin.CLI, email, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	return &site{srv: srv, admin: signInAdmin(t, srv.URL, email, "correct horse battery"), content: content}
}

func replaceInFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q (%v)", path, old, err)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (s *site) subscribe(t *testing.T, feedURL string) {
	t.Helper()
	if status, page := s.admin.postForm(t, "/admin/feeds", url.Values{"url": {feedURL}}); status != http.StatusSeeOther {
		t.Fatalf("subscribe to %s: %d\n%s", feedURL, status, page)
	}
}

func (s *site) importEntry(t *testing.T, version string) {
	t.Helper()
	status, page := s.admin.postForm(t, "/admin/feeds/import", url.Values{"subscription": {"2"}, "module": {"reference-desk-basics"}, "version": {version}})
	if status != http.StatusSeeOther {
		t.Fatalf("import %s: %d\n%s", version, status, page)
	}
}

// feedRow is the text of the feeds page's row for the sample module at
// version.
func (s *site) feedRow(t *testing.T, version string) string {
	t.Helper()
	doc := htmlPage(t, s.admin.client, s.srv.URL+"/admin/feeds")
	var text string
	doc.Find("tbody tr").Each(func(_ int, r *goquery.Selection) {
		if cells := r.Find("td"); strings.Contains(cells.Eq(0).Text(), "reference-desk-basics") && cells.Eq(1).Text() == version {
			text = r.Text()
		}
	})
	if text == "" {
		t.Fatalf("the feeds page lists no reference-desk-basics %s:\n%s", version, doc.Text())
	}
	return text
}

// badge is the "N updates available" badge of an admin page, "" for none.
func (s *site) badge(t *testing.T, path string) string {
	return strings.TrimSpace(htmlPage(t, s.admin.client, s.srv.URL+path).Find("nav .badge").Text())
}

// postForm posts values with the CSRF token and returns the status and page.
func (a *adminBrowser) postForm(t *testing.T, path string, values url.Values) (int, string) {
	t.Helper()
	values.Set("csrf_token", a.csrf)
	resp, err := a.client.PostForm(a.base+path, values)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

func htmlPage(t *testing.T, c *http.Client, u string) *goquery.Document {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func fetch(t *testing.T, u string, h http.Header) ([]byte, int) {
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
	return body, resp.StatusCode
}

func readFeed(t *testing.T, u string) *feed.Feed {
	t.Helper()
	body, status := fetch(t, u, nil)
	base, _ := url.Parse(u)
	f, err := feed.Parse(body, base)
	if status != http.StatusOK || err != nil {
		t.Fatalf("GET %s: %d, %v", u, status, err)
	}
	return f
}

// forgedFeed serves the feed at real with every SHA-256 changed: the
// packages it points to are real, their checksums are not.
func forgedFeed(t *testing.T, real string) *httptest.Server {
	t.Helper()
	body, _ := fetch(t, real, nil)
	f := readFeed(t, real)
	for _, e := range f.Entries {
		body = bytes.ReplaceAll(body, []byte(e.SHA256), []byte(strings.Repeat("0", 64)))
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(body) }))
}

// TestExportIsDeterministic: the feed's checksum of a package holds
// across restarts only if exporting the same module twice, from two
// copies made at different times, gives the same bytes.
func TestExportIsDeterministic(t *testing.T) {
	first, err := os.ReadFile(exportVersion(t, "1.0.0"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := os.ReadFile(exportVersion(t, "1.0.0"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("two exports of the sample module differ: %d and %d bytes", len(first), len(second))
	}
}
