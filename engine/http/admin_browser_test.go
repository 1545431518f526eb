package http_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/feed"
	adminhttp "github.com/lode-elearning/lode/engine/http/admin"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/sqlite"
)

const adminPassword = "correct horse battery"

// mustAdminSite is a test server with the learners' site and the admin
// area, whose store is a database of its own with one administrator,
// ada@library.example.
func mustAdminSite(t *testing.T) (*env, *adminhttp.Server) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(t.TempDir(), "admin.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.Migrate(t.Context()))
	admins := &admin.Admins{Store: db}
	_, err = admins.Create(t.Context(), admin.CLI, "ada@library.example", adminPassword)
	must(t, err)
	area := &adminhttp.Server{Admins: admins, Limiter: inmem.NewLimiter(), EmbedOrigins: []string{"https://lms.library.example"},
		EmbedSites:  learning.NewEmbedSites([]string{"https://lms.library.example"}),
		Credentials: lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: "http://lode.example"}),
		Feeds:       &feed.Service{Store: db, Client: feed.NewClient(time.Second, false), Admins: admins},
		Install: func(context.Context, string) (*learning.Module, []module.Problem, error) {
			return nil, nil, engine.Errorf(engine.EINVALID, "not in this test")
		},
	}
	e := mustServe(t, func(st *setup) {
		st.Server = func(s *site) {
			area.Catalog = module.NewCatalog(s.Web.Delivery.Modules.Modules())
			must(t, s.Core.Mount(area))
		}
	})
	return e, area
}

// TestAdminRoutesRefuseLearners walks every admin route as a learner with
// a live session on the learners' site: their cookies and CSRF token
// open nothing there.
func TestAdminRoutesRefuseLearners(t *testing.T) {
	e, area := mustAdminSite(t)
	b := e.browser(t)
	token := csrfToken(t, b.page(t, "/modules/m1/objects/intro"))
	for _, r := range area.Routes() {
		method, path, _ := strings.Cut(r, " ")
		path = strings.ReplaceAll(path, ":id", "m1")
		var resp *http.Response
		var err error
		if method == http.MethodGet {
			resp, err = b.Client.Get(e.URL + path)
		} else {
			resp, err = b.Client.PostForm(e.URL+path, url.Values{"csrf_token": {token}})
		}
		must(t, err)
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			t.Errorf("%s as a learner: status %d", r, resp.StatusCode)
		case method == http.MethodGet && resp.Header.Get("Location") != "/admin/signin":
			t.Errorf("%s as a learner: status %d to %q, want a redirect to /admin/signin", r, resp.StatusCode, resp.Header.Get("Location"))
		case method != http.MethodGet && resp.StatusCode != http.StatusUnauthorized:
			t.Errorf("%s as a learner: status %d, want 401", r, resp.StatusCode)
		}
	}
}

// TestAdminPagesAreAccessible signs in with the keyboard and checks every
// admin page with axe-core at 1280 and 320 px.
func TestAdminPagesAreAccessible(t *testing.T) {
	e, area := mustAdminSite(t)
	seedReport(t, area.Admins.Store.(*sqlite.DB))
	seedFeed(t, area.Admins.Store.(*sqlite.DB))
	axe := browsertest.Axe(t)
	ctx := browsertest.Start(t)
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/admin")))
	checkWidths(t, ctx, "/admin/signin", axe)
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#email"), "ada@library.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), adminPassword+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Admin"]`)),
	))
	for _, path := range []string{"/admin", "/admin/embed", "/admin/lrs", "/admin/administrators", "/admin/audit", "/admin/feeds",
		"/admin/reports", "/admin/reports/modules/m1", "/admin/reports/learners/reader", "/admin/reports/competencies", "/admin/tokens"} {
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+path)))
		checkWidths(t, ctx, path, axe)
	}
	// The page that shows a new API token once, with the list's revoke form.
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/admin/tokens"),
		chromedp.SendKeys(chromedp.CSS("#name"), "State library registry\r"),
		chromedp.WaitVisible(chromedp.CSS("#token-secret"))))
	checkWidths(t, ctx, "/admin/tokens with a new token", axe)
	// The report checked above drew its charts: weeks, the funnel, steps,
	// one quiz.
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/admin/reports/modules/m1")))
	if charts := eval[int](t, ctx, `document.querySelectorAll('svg[role=img] rect:not([width="0"])').length`); charts < 4 {
		t.Errorf("%d bars drawn on m1's report, want at least one in each of its four charts", charts)
	}
}

// seedReport gives m1's report a learner who completed it with a score,
// so that every chart draws bars.
func seedReport(t *testing.T, db *sqlite.DB) {
	ctx := t.Context()
	must(t, db.CreateLearner(ctx, &learning.Learner{ID: "reader", Name: "Reader", Email: "reader@library.example"}))
	r, err := db.EnsureRegistration(ctx, &learning.Registration{ID: "6f1c1f9e-4c1a-4d3e-9a53-0d1f2a3b4c5d", LearnerID: "reader", ModuleID: "m1"})
	must(t, err)
	scaled := 0.7
	must(t, db.RecordInteraction(ctx, &learning.ObjectState{RegistrationID: r.ID, ObjectID: "practice", Completed: true, Scaled: &scaled}, nil))
	_, err = db.CompleteRegistration(ctx, r.ID, learning.RegistrationEnd{At: time.Now()}, nil)
	must(t, err)
}

// seedFeed subscribes to a feed that offers a newer version of a module
// imported from it, so that the feeds page shows a table, an update and
// the badge.
func seedFeed(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx, now := t.Context(), time.Now().UTC()
	entry := func(version string) feed.Entry {
		return feed.Entry{ID: "https://lode.other.example/modules/m1#" + version, ModuleID: "m1", Version: version, Title: "Copyright basics",
			License: "CC-BY-4.0", Attribution: "By the other library's trainers.", Updated: now,
			PackageURL: "https://lode.other.example/packages/m1/" + version + ".zip", Length: 100, SHA256: strings.Repeat("ab", 32)}
	}
	sub := &feed.Subscription{URL: "https://lode.other.example/feed.atom", Title: "Other library: open modules", AddedAt: now, CheckedAt: now}
	audit := &admin.Entry{At: now, Actor: admin.CLI, Action: "feed.subscribe"}
	must(t, db.AddSubscription(ctx, sub, []feed.Entry{entry("1.0.0"), entry("1.1.0")}, audit))
	must(t, db.RecordImport(ctx, &feed.Import{ModuleID: "m1", Version: "1.0.0", SubscriptionID: sub.ID, FeedURL: sub.URL, ImportedAt: now}, audit))
}
