package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/feed"
)

// FeedStore is what the feed contract needs: the feed store, and the
// audit log its changes write to.
type FeedStore interface {
	feed.Store
	admin.Store
}

// TestFeedStore runs the contract of feed.Store. open returns a store of
// its own: subscriptions are listed whole.
func TestFeedStore(t *testing.T, open func(t *testing.T) FeedStore) {
	t.Run("Subscriptions", func(t *testing.T) { t.Parallel(); testSubscriptions(t, open(t)) })
	t.Run("Imports", func(t *testing.T) { t.Parallel(); testFeedImports(t, open(t)) })
}

// feedUpdated is every test entry's time: entries are compared whole.
var feedUpdated = now()

func feedEntry(module, version string) feed.Entry {
	return feed.Entry{ID: "https://a.example/modules/" + module + "#" + version, ModuleID: module, Version: version,
		Title: "Title of " + module, Summary: "A summary.", License: "CC-BY-4.0", Attribution: "By the Lode contributors.",
		Updated: feedUpdated, ModuleURL: "https://a.example/modules/" + module,
		PackageURL: "https://a.example/packages/" + module + "/" + version + ".zip", Length: 1234, SHA256: strings.Repeat("ab", 32)}
}

func testSubscriptions(t *testing.T, s FeedStore) {
	ctx := t.Context()
	sub := &feed.Subscription{URL: "https://a.example/feed.atom", Title: "A", AddedAt: now(), CheckedAt: now()}
	must(t, s.AddSubscription(ctx, sub, []feed.Entry{feedEntry("rdb", "1.0.0"), feedEntry("rdb", "1.0.0"), feedEntry("copy", "2")}, entry("feed.subscribe", sub.URL)))
	if sub.ID == 0 {
		t.Fatal("AddSubscription did not set the id")
	}
	wantCode(t, s.AddSubscription(ctx, &feed.Subscription{URL: sub.URL, AddedAt: now(), CheckedAt: now()}, nil, entry("feed.subscribe", sub.URL)), engine.ECONFLICT)
	got, err := s.Subscription(ctx, sub.ID)
	must(t, err)
	sameJSON(t, "subscription", sub, got)
	entries, err := s.Entries(ctx, sub.ID)
	must(t, err)
	sameJSON(t, "entries", []feed.Entry{feedEntry("copy", "2"), feedEntry("rdb", "1.0.0")}, entries)

	failed := *sub
	failed.Error, failed.CheckedAt = "https://a.example/feed.atom answered 500", now()
	must(t, s.SaveEntries(ctx, &failed, nil, nil))
	entries, err = s.Entries(ctx, sub.ID)
	must(t, err)
	if len(entries) != 2 {
		t.Fatalf("a failed read left %d entries, want the 2 read before", len(entries))
	}
	read := *sub
	read.Title = "A, renamed"
	must(t, s.SaveEntries(ctx, &read, []feed.Entry{feedEntry("rdb", "1.1.0")}, []admin.Entry{*entry("feed.update", "rdb")}))
	entries, err = s.Entries(ctx, sub.ID)
	must(t, err)
	sameJSON(t, "entries after a read", []feed.Entry{feedEntry("rdb", "1.1.0")}, entries)
	all, err := s.Subscriptions(ctx)
	must(t, err)
	sameJSON(t, "subscriptions", []feed.Subscription{read}, all)

	must(t, s.RemoveSubscription(ctx, sub.ID, entry("feed.unsubscribe", sub.URL)))
	_, err = s.Subscription(ctx, sub.ID)
	wantCode(t, err, engine.ENOTFOUND)
	wantCode(t, s.RemoveSubscription(ctx, sub.ID, entry("feed.unsubscribe", sub.URL)), engine.ENOTFOUND)
	log, err := s.AuditLog(ctx, 0, 10)
	must(t, err)
	if len(log) != 3 || log[0].Action != "feed.unsubscribe" || log[1].Action != "feed.update" || log[2].Action != "feed.subscribe" {
		t.Fatalf("audit log %+v, want unsubscribe, update, subscribe", log)
	}
}

func testFeedImports(t *testing.T, s FeedStore) {
	ctx := t.Context()
	im := &feed.Import{ModuleID: "rdb", Version: "1.0.0", SubscriptionID: 7, FeedURL: "https://a.example/feed.atom",
		PackageURL: "https://a.example/packages/rdb/1.0.0.zip", SHA256: strings.Repeat("cd", 32), License: "CC-BY-4.0",
		Attribution: "By the Lode contributors.", ImportedAt: now()}
	must(t, s.RecordImport(ctx, im, entry("module.import", "rdb")))
	again := *im
	again.ImportedAt = now()
	must(t, s.RecordImport(ctx, &again, entry("module.import", "rdb")))
	later := *im
	later.Version, later.ImportedAt = "1.1.0", now().Add(time.Millisecond)
	must(t, s.RecordImport(ctx, &later, entry("module.import", "rdb")))
	got, err := s.Imports(ctx)
	must(t, err)
	sameJSON(t, "imports", []feed.Import{again, later}, got)
}
