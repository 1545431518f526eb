package sqlite

import (
	"context"
	"database/sql"
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
func (db *DB) SetForwardTargets(ctx context.Context, endpoints []string) error {
	at := nanos(db.now())
	return db.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE forward_targets SET active = 0 WHERE active = 1`); err != nil {
			return dbError(err, "set the forward targets")
		}
		const q = `INSERT INTO forward_targets (endpoint, active, created_at) VALUES (?, 1, ?)
			ON CONFLICT (endpoint) DO UPDATE SET active = 1`
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
	now := db.now()
	const q = `UPDATE forward_targets SET lease_owner = ?, lease_until = ?
		WHERE endpoint = ? AND (lease_owner = ? OR lease_until < ?)`
	res, err := db.write.ExecContext(ctx, q, owner, nanos(now.Add(ttl)), endpoint, owner, nanos(now))
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
	if err := db.write.GetContext(ctx, &exists, `SELECT EXISTS (SELECT 1 FROM forward_targets WHERE endpoint = ?)`, endpoint); err != nil {
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
	const q = `SELECT o.seq, o.statement_id, o.attempts, s.statement
		FROM forward_outbox o JOIN statements s ON s.id = o.statement_id
		WHERE o.target_id = (SELECT id FROM forward_targets WHERE endpoint = ?) AND o.rejected_at IS NULL
		ORDER BY o.seq LIMIT ?`
	if err := db.read.SelectContext(ctx, &rows, q, endpoint, limit); err != nil {
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
	return db.execIn(ctx, "mark forwarded statements delivered", `DELETE FROM forward_outbox WHERE seq IN (?)`, seqs)
}

// ForwardsFailed counts a failed attempt on rows, keeping why.
func (db *DB) ForwardsFailed(ctx context.Context, seqs []int64, reason string) error {
	const q = `UPDATE forward_outbox SET attempts = attempts + 1, last_error = ? WHERE seq IN (?)`
	return db.execIn(ctx, "record a failed forward", q, truncate(reason, maxReason), seqs)
}

// ForwardRejected sets a row aside for good, keeping why.
func (db *DB) ForwardRejected(ctx context.Context, seq int64, reason string) error {
	const q = `UPDATE forward_outbox SET attempts = attempts + 1, last_error = ?, rejected_at = ? WHERE seq = ?`
	if _, err := db.write.ExecContext(ctx, q, truncate(reason, maxReason), nanos(db.now()), seq); err != nil {
		return dbError(err, "record a rejected forward")
	}
	return nil
}

func (db *DB) execIn(ctx context.Context, doing, q string, args ...any) error {
	if s, ok := args[len(args)-1].([]int64); ok && len(s) == 0 {
		return nil
	}
	q, args, err := sqlx.In(q, args...)
	if err != nil {
		return dbError(err, doing)
	}
	if _, err := db.write.ExecContext(ctx, q, args...); err != nil {
		return dbError(err, doing)
	}
	return nil
}

// ForwardBacklog counts what waits for endpoint.
func (db *DB) ForwardBacklog(ctx context.Context, endpoint string) (lrs.ForwardBacklog, error) {
	var row struct {
		Pending  int           `db:"pending"`
		Rejected int           `db:"rejected"`
		Oldest   sql.NullInt64 `db:"oldest"`
	}
	const q = `SELECT
			COALESCE(SUM(rejected_at IS NULL), 0) AS pending,
			COALESCE(SUM(rejected_at IS NOT NULL), 0) AS rejected,
			MIN(CASE WHEN rejected_at IS NULL THEN stored END) AS oldest
		FROM forward_outbox WHERE target_id = (SELECT id FROM forward_targets WHERE endpoint = ?)`
	if err := db.read.GetContext(ctx, &row, q, endpoint); err != nil {
		return lrs.ForwardBacklog{}, dbError(err, "count the forward outbox")
	}
	return lrs.ForwardBacklog{Pending: row.Pending, Rejected: row.Rejected, Oldest: fromNullNanos(row.Oldest)}, nil
}
