package admin_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/feed"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	adminhttp "github.com/lode-elearning/lode/engine/http/admin"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/engine/sqlite"
)

const password = "correct horse battery"

// draftFiles are the files of the draft of "copyright" every site has.
var draftFiles = authoring.Files{
	"module.yaml": []byte("id: copyright\ntitle: Copyright basics\nversion: 3.0.0\nlicense: CC-BY-4.0\nobjects:\n  - id: welcome\n    type: page\n    title: Welcome\n    config:\n      body: Hello\n"),
	"media/a.vtt": []byte("WEBVTT\n"),
}

// site is the admin area alone on a test server, over a fresh SQLite
// database with one administrator, ada@library.example.
type site struct {
	URL     string
	db      *sqlite.DB
	catalog *module.Catalog
	server  *adminhttp.Server
}

func mustSite(t *testing.T) *site {
	t.Helper()
	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(t.TempDir(), "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	cat := module.NewCatalog([]*learning.Module{
		{ID: "copyright", Title: "Copyright basics", Version: "2", License: "CC-BY-4.0"},
		{ID: "reference", Title: "Reference interviews", Version: "1", License: "CC0-1.0"},
	})
	srv, url := serveAdmin(t, db, cat)
	return &site{URL: url, db: db, catalog: cat, server: srv}
}

// siteStore is what the admin area's server needs of a database.
type siteStore interface {
	admin.Store
	lrs.CredentialStore
	feed.Store
	authoring.Store
}

// serveAdmin serves the admin area over db and cat on a test server, with
// one administrator, ada@library.example; it returns the server and its
// URL.
func serveAdmin(tb testing.TB, db siteStore, cat *module.Catalog) (*adminhttp.Server, string) {
	tb.Helper()
	admins := &admin.Admins{Store: db}
	if _, err := admins.Create(tb.Context(), admin.CLI, "ada@library.example", password); err != nil {
		tb.Fatal(err)
	}
	srv := &adminhttp.Server{Admins: admins, Catalog: cat, Limiter: inmem.NewLimiter(), MaxUploadBytes: 1 << 20,
		Credentials:  lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: "http://lode.example"}),
		EmbedOrigins: []string{"https://lms.library.example"},
		Feeds:        &feed.Service{Store: db, Client: feed.NewClient(5*time.Second, true), Admins: admins},
		EmbedSites:   learning.NewEmbedSites([]string{"https://lms.library.example"}),
		// The real install (module.Install) is tested through cmd/lode;
		// here every package is refused, as a hostile one would be.
		Install: func(ctx context.Context, zipPath string) (*learning.Module, []module.Problem, error) {
			return nil, nil, engine.Errorf(engine.EINVALID, `package entry "../evil.md": path traversal`)
		},
	}
	host, err := pluginhost.Start(tb.Context(), pluginhost.Config{}, nil) // no content types: the editor's pages still work
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(host.Close)
	srv.Editor, srv.Content = &authoring.Editor{Store: db, Admins: admins}, host
	if srv.Player, err = web.New(web.Config{BaseURL: "http://lode.example", SigningKey: make([]byte, 32)}); err != nil {
		tb.Fatal(err)
	}
	srv.Player.Plugins = host
	if _, err := srv.Editor.Create(tb.Context(), authoring.Actor{Email: "ada@library.example", Role: admin.RoleAdministrator}, "copyright", draftFiles); err != nil {
		tb.Fatal(err)
	}
	core := lodehttp.New(lodehttp.Config{})
	if err := core.Mount(srv); err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(core.Handler())
	tb.Cleanup(ts.Close)
	return srv, ts.URL
}

// client is a browser that does not follow redirects, so that tests see them.
func (s *site) client(t testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t testing.TB, c *http.Client, u string) (*http.Response, *goquery.Document) {
	t.Helper()
	resp, err := c.Get(u)
	return parsed(t, resp, err)
}

// parsed is a response and its page, read whole.
func parsed(t testing.TB, resp *http.Response, err error) (*http.Response, *goquery.Document) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, doc
}

func post(t testing.TB, c *http.Client, u string, form url.Values) *http.Response {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func csrf(t testing.TB, doc *goquery.Document) string {
	t.Helper()
	v, ok := doc.Find(`input[name=csrf_token]`).First().Attr("value")
	if !ok || v == "" {
		t.Fatal("the page has no CSRF token")
	}
	return v
}

// signIn signs c in as email and returns the CSRF token of its session.
func (s *site) signIn(t testing.TB, c *http.Client, email, pw string) (*http.Response, string) {
	t.Helper()
	_, doc := get(t, c, s.URL+"/admin/signin")
	resp := post(t, c, s.URL+"/admin/signin", url.Values{"csrf_token": {csrf(t, doc)}, "email": {email}, "password": {pw}})
	if resp.StatusCode != http.StatusSeeOther {
		return resp, ""
	}
	_, doc = get(t, c, s.URL+"/admin/editor") // every role's page
	return resp, csrf(t, doc)
}

func TestSignIn(t *testing.T) {
	s := mustSite(t)
	t.Run("OK", func(t *testing.T) {
		resp, _ := s.signIn(t, s.client(t), "Ada@Library.example", password)
		var ck *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "lode_admin" {
				ck = c
			}
		}
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/admin" {
			t.Fatalf("session cookie %+v, want lode_admin, HttpOnly, SameSite=Strict, Path=/admin", ck)
		}
	})
	for name, c := range map[string]struct{ email, pw string }{
		"WrongPassword": {"ada@library.example", "wrong horse battery"},
		"UnknownEmail":  {"bob@library.example", password},
	} {
		t.Run(name, func(t *testing.T) {
			resp, _ := s.signIn(t, s.client(t), c.email, c.pw)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", resp.StatusCode)
			}
		})
	}
	t.Run("WithoutCSRF", func(t *testing.T) {
		resp := post(t, s.client(t), s.URL+"/admin/signin", url.Values{"email": {"ada@library.example"}, "password": {password}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
	})
	t.Run("RateLimitedByEmail", func(t *testing.T) {
		var last int
		for range 11 {
			resp, _ := s.signIn(t, s.client(t), "carol@library.example", "wrong horse battery")
			last = resp.StatusCode
		}
		if last != http.StatusTooManyRequests {
			t.Fatalf("the 11th attempt: status %d, want 429", last)
		}
	})
}
