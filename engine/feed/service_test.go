package feed_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/feed"
	"github.com/lode-elearning/lode/engine/sqlite"
)

// publisher is a site's feed whose entries the test changes.
type publisher struct {
	mu      sync.Mutex
	entries []feed.Entry
	broken  bool
}

func (p *publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.broken {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	var buf bytes.Buffer
	_ = feed.Write(&buf, &feed.Feed{ID: "http://" + r.Host + "/feed.atom", Title: "Site A", Entries: p.entries}, "Site A")
	w.Write(buf.Bytes())
}

func (p *publisher) offer(broken bool, versions ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.broken, p.entries = broken, nil
	for _, v := range versions {
		p.entries = append(p.entries, feed.Entry{ID: "urn:rdb:" + v, ModuleID: "rdb", Version: v, Title: "Reference desk",
			License: "CC-BY-4.0", PackageURL: "http://a.example/packages/rdb/" + v + ".zip", Length: 10, SHA256: strings.Repeat("ab", 32)})
	}
}

func TestRefreshAnnouncesEachUpdateOnce(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(ctx, "file:"+filepath.Join(t.TempDir(), "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pub := &publisher{}
	pub.offer(false, "1.0.0")
	site := httptest.NewServer(pub)
	defer site.Close()
	svc := &feed.Service{Store: db, Client: feed.NewClient(5*time.Second, true), Admins: &admin.Admins{Store: db}}

	sub, err := svc.Subscribe(ctx, "ada@library.example", site.URL+"/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Subscribe(ctx, "ada@library.example", site.URL+"/feed.atom"); engine.ErrorCode(err) != engine.ECONFLICT {
		t.Fatalf("subscribing twice: %v, want ECONFLICT", err)
	}
	imported := &feed.Import{ModuleID: "rdb", Version: "1.0.0", SubscriptionID: sub.ID, FeedURL: sub.URL, ImportedAt: time.Now()}
	if err := db.RecordImport(ctx, imported, &admin.Entry{At: time.Now(), Actor: "test", Action: "module.import"}); err != nil {
		t.Fatal(err)
	}
	updates := func() int {
		n, err := svc.Updates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := updates(); n != 0 {
		t.Fatalf("%d updates with 1.0.0 imported and offered", n)
	}

	pub.offer(false, "1.0.0", "1.1.0", "1.2.0")
	for range 2 {
		if err := svc.RefreshAll(ctx, "feed poll"); err != nil {
			t.Fatal(err)
		}
	}
	if n := updates(); n != 1 {
		t.Fatalf("%d updates, want 1: one module has newer versions", n)
	}
	if got := auditActions(t, db); got != "feed.update:1.2.0 feed.update:1.1.0 module.import: feed.subscribe:" {
		t.Fatalf("audit log, newest first: %s", got)
	}

	pub.offer(true)
	if _, err := svc.Refresh(ctx, "ada@library.example", sub.ID); engine.ErrorCode(err) != engine.EINVALID || !strings.Contains(err.Error(), "503") {
		t.Fatalf("refreshing a feed that is down: %v", err)
	}
	l, err := svc.Listing(ctx, mustSubscription(t, db, sub.ID))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.Error, "503 Service Unavailable") || len(l.Rows) != 3 || l.Updates != 1 {
		t.Fatalf("after a failed read: error %q, %d rows, %d updates; want the error and the rows read before", l.Error, len(l.Rows), l.Updates)
	}
}

func mustSubscription(t *testing.T, db *sqlite.DB, id int64) *feed.Subscription {
	t.Helper()
	sub, err := db.Subscription(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// auditActions lists the audit log as action:version, newest first.
func auditActions(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	log, err := db.AuditLog(t.Context(), 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		var details map[string]string
		if err := json.Unmarshal(e.Details, &details); err != nil {
			t.Fatal(err)
		}
		version := details["version"]
		out = append(out, e.Action+":"+version)
	}
	return strings.Join(out, " ")
}
