package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

// maxReason bounds the error text kept on an outbox row.
const maxReason = 1000

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// SetForwardTargets makes endpoints the active forward targets, in one
// transaction, creating those not seen before.
func (s *Store) SetForwardTargets(ctx context.Context, endpoints []string) error {
	at := s.d.Time(s.stamp())
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE forward_targets SET active = FALSE WHERE active`); err != nil {
			return s.d.Error(err, "set the forward targets")
		}
		const q = `INSERT INTO forward_targets (endpoint, active, created_at) VALUES (?, TRUE, ?)
			ON CONFLICT (endpoint) DO UPDATE SET active = TRUE`
		for _, e := range endpoints {
			if _, err := tx.ExecContext(ctx, tx.Rebind(q), e, at); err != nil {
				return s.d.Error(err, "set the forward targets")
			}
		}
		return nil
	})
}

// LeaseForwardTarget takes or renews owner's lease on endpoint for ttl.
// ENOTFOUND if endpoint was never a target.
func (s *Store) LeaseForwardTarget(ctx context.Context, endpoint, owner string, ttl time.Duration) (bool, error) {
	now := s.stamp()
	const q = `UPDATE forward_targets SET lease_owner = ?, lease_until = ?
		WHERE endpoint = ? AND (lease_owner = ? OR lease_until < ?)`
	res, err := s.write.ExecContext(ctx, s.write.Rebind(q), owner, s.d.Time(now.Add(ttl)), endpoint, owner, s.d.Time(now))
	if err != nil {
		return false, s.d.Error(err, "lease forward target")
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, s.d.Error(err, "lease forward target")
	} else if n == 1 {
		return true, nil
	}
	var exists bool
	const exq = `SELECT EXISTS (SELECT 1 FROM forward_targets WHERE endpoint = ?)`
	if err := s.write.GetContext(ctx, &exists, s.write.Rebind(exq), endpoint); err != nil {
		return false, s.d.Error(err, "lease forward target")
	}
	if !exists {
		return false, engine.Errorf(engine.ENOTFOUND, "forward target %s not found", endpoint)
	}
	return false, nil
}

type forwardRow struct {
	Seq         int64  `db:"seq"`
	StatementID string `db:"statement_id"`
	Attempts    int    `db:"attempts"`
	Statement   string `db:"statement"`
}

// PendingForwards returns up to limit statements waiting for endpoint,
// oldest first, skipping rejected ones.
func (s *Store) PendingForwards(ctx context.Context, endpoint string, limit int) ([]lrs.ForwardItem, error) {
	var rows []forwardRow
	const q = `SELECT o.seq, o.statement_id, o.attempts, CAST(s.statement AS TEXT) AS statement
		FROM forward_outbox o JOIN statements s ON s.id = o.statement_id
		WHERE o.target_id = (SELECT id FROM forward_targets WHERE endpoint = ?) AND o.rejected_at IS NULL
		ORDER BY o.seq LIMIT ?`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), endpoint, limit); err != nil {
		return nil, s.d.Error(err, "read the forward outbox")
	}
	out := make([]lrs.ForwardItem, len(rows))
	for i, r := range rows {
		out[i] = lrs.ForwardItem{Seq: r.Seq, StatementID: r.StatementID, Attempts: r.Attempts, Statement: json.RawMessage(r.Statement)}
	}
	return out, nil
}

// ForwardsDelivered removes delivered rows from the outbox, recording in
// forward_delivered which remote received which statement: erasing a
// statement voids it there.
func (s *Store) ForwardsDelivered(ctx context.Context, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	const doing = "mark forwarded statements delivered"
	// A row delivered twice (a retry after a lost answer) is recorded once.
	const record = `INSERT INTO forward_delivered (statement_id, target_id, delivered_at)
		SELECT statement_id, target_id, ? FROM forward_outbox WHERE seq IN (?)
		ON CONFLICT DO NOTHING`
	at := s.d.Time(s.stamp())
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := execIn(ctx, tx, s.d, doing, record, at, seqs); err != nil {
			return err
		}
		return execIn(ctx, tx, s.d, doing, `DELETE FROM forward_outbox WHERE seq IN (?)`, seqs)
	})
}

// ForwardsFailed counts a failed attempt on rows, keeping why.
func (s *Store) ForwardsFailed(ctx context.Context, seqs []int64, reason string) error {
	const q = `UPDATE forward_outbox SET attempts = attempts + 1, last_error = ? WHERE seq IN (?)`
	return s.execIn(ctx, "record a failed forward", q, truncate(reason, maxReason), seqs)
}

// execIn runs q, whose last argument is the list seqs, on the writer;
// nothing if seqs is empty.
func (s *Store) execIn(ctx context.Context, doing, q string, args ...any) error {
	return execIn(ctx, s.write, s.d, doing, q, args...)
}

// execIn runs q, whose last argument is a list, on db; nothing if the list
// is empty.
func execIn(ctx context.Context, db sqlx.ExtContext, d Dialect, doing, q string, args ...any) error {
	if seqs, ok := args[len(args)-1].([]int64); ok && len(seqs) == 0 {
		return nil
	}
	q, args, err := sqlx.In(q, args...)
	if err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "cannot " + doing, Err: err}
	}
	if _, err := db.ExecContext(ctx, db.Rebind(q), args...); err != nil {
		return d.Error(err, doing)
	}
	return nil
}

// ForwardRejected sets a row aside for good, keeping why.
func (s *Store) ForwardRejected(ctx context.Context, seq int64, reason string) error {
	const q = `UPDATE forward_outbox SET attempts = attempts + 1, last_error = ?, rejected_at = ? WHERE seq = ?`
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(q), truncate(reason, maxReason), s.d.Time(s.stamp()), seq); err != nil {
		return s.d.Error(err, "record a rejected forward")
	}
	return nil
}

// ForwardBacklog counts what waits for endpoint.
func (s *Store) ForwardBacklog(ctx context.Context, endpoint string) (lrs.ForwardBacklog, error) {
	var row struct {
		Pending  int      `db:"pending"`
		Rejected int      `db:"rejected"`
		Oldest   NullTime `db:"oldest"`
	}
	const q = `SELECT
			count(*) FILTER (WHERE rejected_at IS NULL) AS pending,
			count(*) FILTER (WHERE rejected_at IS NOT NULL) AS rejected,
			min(stored) FILTER (WHERE rejected_at IS NULL) AS oldest
		FROM forward_outbox WHERE target_id = (SELECT id FROM forward_targets WHERE endpoint = ?)`
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), endpoint); err != nil {
		return lrs.ForwardBacklog{}, s.d.Error(err, "count the forward outbox")
	}
	return lrs.ForwardBacklog{Pending: row.Pending, Rejected: row.Rejected, Oldest: row.Oldest.T}, nil
}
