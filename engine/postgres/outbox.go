package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

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
func (db *DB) SetForwardTargets(ctx context.Context, endpoints []string) error {
	at := db.stamp()
	return db.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE forward_targets SET active = false WHERE active`); err != nil {
			return dbError(err, "set the forward targets")
		}
		const q = `INSERT INTO forward_targets (endpoint, active, created_at) VALUES ($1, true, $2)
			ON CONFLICT (endpoint) DO UPDATE SET active = true`
		for _, e := range endpoints {
			if _, err := tx.ExecContext(ctx, q, e, at); err != nil {
				return dbError(err, "set the forward targets")
			}
		}
		return nil
	})
}

// LeaseForwardTarget takes or renews owner's lease on endpoint for ttl.
// ENOTFOUND if endpoint was never a target.
func (db *DB) LeaseForwardTarget(ctx context.Context, endpoint, owner string, ttl time.Duration) (bool, error) {
	now := db.stamp()
	const q = `UPDATE forward_targets SET lease_owner = $1, lease_until = $2
		WHERE endpoint = $3 AND (lease_owner = $1 OR lease_until < $4)`
	res, err := db.db.ExecContext(ctx, q, owner, now.Add(ttl), endpoint, now)
	if err != nil {
		return false, dbError(err, "lease forward target")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, dbError(err, "lease forward target")
	}
	if n == 1 {
		return true, nil
	}
	var exists bool
	if err := db.db.GetContext(ctx, &exists, `SELECT EXISTS (SELECT 1 FROM forward_targets WHERE endpoint = $1)`, endpoint); err != nil {
		return false, dbError(err, "lease forward target")
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
func (db *DB) PendingForwards(ctx context.Context, endpoint string, limit int) ([]lrs.ForwardItem, error) {
	var rows []forwardRow
	const q = `SELECT o.seq, o.statement_id, o.attempts, s.statement::text AS statement
		FROM forward_outbox o JOIN statements s ON s.id = o.statement_id
		WHERE o.target_id = (SELECT id FROM forward_targets WHERE endpoint = $1) AND o.rejected_at IS NULL
		ORDER BY o.seq LIMIT $2`
	if err := db.db.SelectContext(ctx, &rows, q, endpoint, limit); err != nil {
		return nil, dbError(err, "read the forward outbox")
	}
	out := make([]lrs.ForwardItem, len(rows))
	for i, r := range rows {
		out[i] = lrs.ForwardItem{Seq: r.Seq, StatementID: r.StatementID, Attempts: r.Attempts, Statement: json.RawMessage(r.Statement)}
	}
	return out, nil
}

// ForwardsDelivered removes delivered rows from the outbox.
func (db *DB) ForwardsDelivered(ctx context.Context, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	if _, err := db.db.ExecContext(ctx, `DELETE FROM forward_outbox WHERE seq = ANY($1)`, pq.Int64Array(seqs)); err != nil {
		return dbError(err, "mark forwarded statements delivered")
	}
	return nil
}

// ForwardsFailed counts a failed attempt on rows, keeping why.
func (db *DB) ForwardsFailed(ctx context.Context, seqs []int64, reason string) error {
	if len(seqs) == 0 {
		return nil
	}
	const q = `UPDATE forward_outbox SET attempts = attempts + 1, last_error = $1 WHERE seq = ANY($2)`
	if _, err := db.db.ExecContext(ctx, q, truncate(reason, maxReason), pq.Int64Array(seqs)); err != nil {
		return dbError(err, "record a failed forward")
	}
	return nil
}

// ForwardRejected sets a row aside for good, keeping why.
func (db *DB) ForwardRejected(ctx context.Context, seq int64, reason string) error {
	const q = `UPDATE forward_outbox SET attempts = attempts + 1, last_error = $1, rejected_at = $2 WHERE seq = $3`
	if _, err := db.db.ExecContext(ctx, q, truncate(reason, maxReason), db.stamp(), seq); err != nil {
		return dbError(err, "record a rejected forward")
	}
	return nil
}

// ForwardBacklog counts what waits for endpoint.
func (db *DB) ForwardBacklog(ctx context.Context, endpoint string) (lrs.ForwardBacklog, error) {
	var row struct {
		Pending  int          `db:"pending"`
		Rejected int          `db:"rejected"`
		Oldest   sql.NullTime `db:"oldest"`
	}
	const q = `SELECT
			count(*) FILTER (WHERE rejected_at IS NULL) AS pending,
			count(*) FILTER (WHERE rejected_at IS NOT NULL) AS rejected,
			min(stored) FILTER (WHERE rejected_at IS NULL) AS oldest
		FROM forward_outbox WHERE target_id = (SELECT id FROM forward_targets WHERE endpoint = $1)`
	if err := db.db.GetContext(ctx, &row, q, endpoint); err != nil {
		return lrs.ForwardBacklog{}, dbError(err, "count the forward outbox")
	}
	return lrs.ForwardBacklog{Pending: row.Pending, Rejected: row.Rejected, Oldest: fromNullTime(row.Oldest)}, nil
}
