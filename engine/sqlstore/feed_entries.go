package sqlstore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/feed"
)

type feedEntryRow struct {
	ModuleID    string `db:"module_id"`
	Version     string `db:"version"`
	EntryID     string `db:"entry_id"`
	Title       string `db:"title"`
	Summary     string `db:"summary"`
	License     string `db:"license"`
	Attribution string `db:"attribution"`
	UpdatedAt   Time   `db:"updated_at"`
	ModuleURL   string `db:"module_url"`
	PackageURL  string `db:"package_url"`
	Length      int64  `db:"length"`
	SHA256      string `db:"sha256"`
}

// insertEntries adds a feed's entries; a feed that lists one version
// twice keeps the first.
func (s *Store) insertEntries(ctx context.Context, tx *sqlx.Tx, subscriptionID int64, entries []feed.Entry) error {
	const q = `INSERT INTO feed_entries (subscription_id, module_id, version, entry_id, title, summary, license, attribution,
		updated_at, module_url, package_url, length, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (subscription_id, module_id, version) DO NOTHING`
	for _, e := range entries {
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), subscriptionID, e.ModuleID, e.Version, e.ID, e.Title, e.Summary, e.License,
			e.Attribution, s.d.Time(Round(e.Updated)), e.ModuleURL, e.PackageURL, e.Length, e.SHA256); err != nil {
			return s.d.Error(err, "store the entries of a feed")
		}
	}
	return nil
}

// Entries returns a subscription's entries, by module id then version.
func (s *Store) Entries(ctx context.Context, subscriptionID int64) ([]feed.Entry, error) {
	var rows []feedEntryRow
	const q = `SELECT module_id, version, entry_id, title, summary, license, attribution, updated_at, module_url, package_url, length, sha256
		FROM feed_entries WHERE subscription_id = ? ORDER BY module_id, version`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), subscriptionID); err != nil {
		return nil, s.d.Error(err, "read the entries of a feed")
	}
	out := make([]feed.Entry, len(rows))
	for i, r := range rows {
		out[i] = feed.Entry{ID: r.EntryID, ModuleID: r.ModuleID, Version: r.Version, Title: r.Title, Summary: r.Summary,
			License: r.License, Attribution: r.Attribution, Updated: r.UpdatedAt.Time, ModuleURL: r.ModuleURL,
			PackageURL: r.PackageURL, Length: r.Length, SHA256: r.SHA256}
	}
	return out, nil
}

type feedImportRow struct {
	ModuleID       string `db:"module_id"`
	Version        string `db:"version"`
	SubscriptionID int64  `db:"subscription_id"`
	FeedURL        string `db:"feed_url"`
	PackageURL     string `db:"package_url"`
	SHA256         string `db:"sha256"`
	License        string `db:"license"`
	Attribution    string `db:"attribution"`
	ImportedAt     Time   `db:"imported_at"`
}

// RecordImport stores im and e in one transaction.
func (s *Store) RecordImport(ctx context.Context, im *feed.Import, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `INSERT INTO feed_imports (module_id, version, subscription_id, feed_url, package_url, sha256, license, attribution, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (module_id, version) DO UPDATE SET subscription_id = excluded.subscription_id,
			feed_url = excluded.feed_url, package_url = excluded.package_url, sha256 = excluded.sha256, license = excluded.license,
			attribution = excluded.attribution, imported_at = excluded.imported_at`
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), im.ModuleID, im.Version, im.SubscriptionID, im.FeedURL, im.PackageURL,
			im.SHA256, im.License, im.Attribution, s.d.Time(Round(im.ImportedAt))); err != nil {
			return s.d.Error(err, "record the import of "+im.ModuleID)
		}
		return s.audit(ctx, tx, e)
	})
}

// Imports returns every import, by module id then import time.
func (s *Store) Imports(ctx context.Context) ([]feed.Import, error) {
	var rows []feedImportRow
	const q = `SELECT module_id, version, subscription_id, feed_url, package_url, sha256, license, attribution, imported_at
		FROM feed_imports ORDER BY module_id, imported_at`
	if err := s.readSelect(ctx, &rows, q); err != nil {
		return nil, s.d.Error(err, "list imports from feeds")
	}
	out := make([]feed.Import, len(rows))
	for i, r := range rows {
		out[i] = feed.Import{ModuleID: r.ModuleID, Version: r.Version, SubscriptionID: r.SubscriptionID, FeedURL: r.FeedURL,
			PackageURL: r.PackageURL, SHA256: r.SHA256, License: r.License, Attribution: r.Attribution, ImportedAt: r.ImportedAt.Time}
	}
	return out, nil
}
