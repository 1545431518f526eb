package sqlstore

import (
	"context"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/feed"
)

type subscriptionRow struct {
	ID        int64  `db:"id"`
	URL       string `db:"url"`
	Title     string `db:"title"`
	AddedAt   Time   `db:"added_at"`
	CheckedAt Time   `db:"checked_at"`
	Error     string `db:"error"`
}

func (r subscriptionRow) subscription() feed.Subscription {
	return feed.Subscription{ID: r.ID, URL: r.URL, Title: r.Title, AddedAt: r.AddedAt.Time, CheckedAt: r.CheckedAt.Time, Error: r.Error}
}

// AddSubscription stores s, its entries and e in one transaction, and
// sets s.ID; ECONFLICT if s.URL is already subscribed.
func (s *Store) AddSubscription(ctx context.Context, sub *feed.Subscription, entries []feed.Entry, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `INSERT INTO feed_subscriptions (url, title, added_at, checked_at, error) VALUES (?, ?, ?, ?, '')
			ON CONFLICT (url) DO NOTHING RETURNING id`
		err := tx.GetContext(ctx, &sub.ID, tx.Rebind(q), sub.URL, sub.Title, s.d.Time(Round(sub.AddedAt)), s.d.Time(Round(sub.CheckedAt)))
		if NotFound(err) {
			return engine.Errorf(engine.ECONFLICT, "this site already subscribes to %s", sub.URL)
		} else if err != nil {
			return s.d.Error(err, "subscribe to "+sub.URL)
		}
		if err := s.insertEntries(ctx, tx, sub.ID, entries); err != nil {
			return err
		}
		return s.audit(ctx, tx, e)
	})
}

// Subscriptions returns every subscription, oldest first.
func (s *Store) Subscriptions(ctx context.Context) ([]feed.Subscription, error) {
	var rows []subscriptionRow
	const q = `SELECT id, url, title, added_at, checked_at, error FROM feed_subscriptions ORDER BY id`
	if err := s.read.SelectContext(ctx, &rows, q); err != nil {
		return nil, s.d.Error(err, "list feed subscriptions")
	}
	out := make([]feed.Subscription, len(rows))
	for i, r := range rows {
		out[i] = r.subscription()
	}
	return out, nil
}

// Subscription returns one; ENOTFOUND if absent.
func (s *Store) Subscription(ctx context.Context, id int64) (*feed.Subscription, error) {
	var r subscriptionRow
	const q = `SELECT id, url, title, added_at, checked_at, error FROM feed_subscriptions WHERE id = ?`
	err := s.read.GetContext(ctx, &r, s.read.Rebind(q), id)
	if NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "there is no feed subscription %d", id)
	} else if err != nil {
		return nil, s.d.Error(err, "read feed subscription "+strconv.FormatInt(id, 10))
	}
	sub := r.subscription()
	return &sub, nil
}

// SaveEntries records a read of sub's feed with es; a successful read
// (sub.Error "") replaces the entries kept.
func (s *Store) SaveEntries(ctx context.Context, sub *feed.Subscription, entries []feed.Entry, es []admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `UPDATE feed_subscriptions SET title = ?, checked_at = ?, error = ? WHERE id = ?`
		res, err := tx.ExecContext(ctx, tx.Rebind(q), sub.Title, s.d.Time(Round(sub.CheckedAt)), sub.Error, sub.ID)
		if err != nil {
			return s.d.Error(err, "record a read of "+sub.URL)
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return engine.Errorf(engine.ENOTFOUND, "there is no feed subscription %d", sub.ID)
		}
		if sub.Error == "" {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM feed_entries WHERE subscription_id = ?`), sub.ID); err != nil {
				return s.d.Error(err, "replace the entries of "+sub.URL)
			}
			if err := s.insertEntries(ctx, tx, sub.ID, entries); err != nil {
				return err
			}
		}
		for i := range es {
			if err := s.audit(ctx, tx, &es[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveSubscription deletes a subscription and, by cascade, its entries.
func (s *Store) RemoveSubscription(ctx context.Context, id int64, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM feed_subscriptions WHERE id = ?`), id)
		if err != nil {
			return s.d.Error(err, "remove feed subscription")
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return engine.Errorf(engine.ENOTFOUND, "there is no feed subscription %d", id)
		}
		return s.audit(ctx, tx, e)
	})
}
