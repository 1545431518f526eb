// Package feed is open sharing between Lode sites (issue 16). A site
// publishes an Atom feed (RFC 4287) of its published, openly licensed
// modules, each entry naming its package, version, license, attribution,
// size and SHA-256; another site subscribes to that feed, browses it,
// imports a module (the download checked against the feed's SHA-256, then
// installed as any package is) and is told when a newer version appears.
//
// This package holds the types, the feed format both ways, the fetching
// (http and https only, size- and time-limited, private addresses refused
// unless allowed) and the rules; engine/sqlstore keeps subscriptions and
// engine/http serves the feed and the admin pages. docs/sharing.md
// describes it for administrators.
package feed

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
)

// Namespace is the XML namespace of the elements Lode adds to Atom
// entries: what a package is, beyond what Atom itself can say.
const Namespace = "https://lode-elearning.org/ns/feed/1"

// Feed is a site's feed: its title and address, and one entry per module.
type Feed struct {
	ID      string // the feed's address
	Title   string
	Updated time.Time
	Entries []Entry
	// Skipped says why entries were left out when the feed was read
	// (an entry that is not a Lode package, or says too little).
	Skipped []string
}

// Entry is one module version offered by a feed.
type Entry struct {
	ID          string // Atom id: stable for this module version
	ModuleID    string
	Version     string
	Title       string
	Summary     string
	License     string // SPDX expression
	Attribution string // as the module states it (inline Markdown)
	Updated     time.Time
	ModuleURL   string // the module's page on the publishing site; "" if unknown
	PackageURL  string // absolute http(s) URL of the package (.zip)
	Length      int64  // bytes of the package
	SHA256      string // of the package, lowercase hex
}

// Subscription is a feed this site follows.
type Subscription struct {
	ID        int64
	URL       string
	Title     string // the feed's, as last read
	AddedAt   time.Time
	CheckedAt time.Time // last read, successfully or not
	Error     string    // why the last read failed; "" if it did not
}

// Import records a module version taken from a feed: where it came from
// and on which terms, so that its attribution outlives the feed.
type Import struct {
	ModuleID, Version string
	SubscriptionID    int64
	FeedURL           string
	PackageURL        string
	SHA256            string
	License           string
	Attribution       string
	ImportedAt        time.Time
}

// Store keeps subscriptions, the entries last read from each, and the
// imports. Changes write their audit entries in the same transaction.
type Store interface {
	// AddSubscription stores s with the entries first read, and sets
	// s.ID; ECONFLICT if s.URL is already subscribed.
	AddSubscription(ctx context.Context, s *Subscription, entries []Entry, e *admin.Entry) error
	// Subscriptions returns every subscription, oldest first.
	Subscriptions(ctx context.Context) ([]Subscription, error)
	// Subscription returns one; ENOTFOUND if absent.
	Subscription(ctx context.Context, id int64) (*Subscription, error)
	// SaveEntries records a read of s's feed: its title, CheckedAt and
	// Error; when Error is "", entries replace those kept. It writes the
	// audit entries es with it.
	SaveEntries(ctx context.Context, s *Subscription, entries []Entry, es []admin.Entry) error
	// Entries returns the entries last read from a subscription, by
	// module id then version.
	Entries(ctx context.Context, subscriptionID int64) ([]Entry, error)
	// RemoveSubscription forgets a subscription and its entries (not its
	// imports); ENOTFOUND if absent.
	RemoveSubscription(ctx context.Context, id int64, e *admin.Entry) error
	// RecordImport stores im and e; importing the same version again
	// replaces the record.
	RecordImport(ctx context.Context, im *Import, e *admin.Entry) error
	// Imports returns every import, by module id then import time.
	Imports(ctx context.Context) ([]Import, error)
}
