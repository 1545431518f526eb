package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
)

type auditRow struct {
	ID      int64  `db:"id"`
	At      Time   `db:"at"`
	Actor   string `db:"actor"`
	Action  string `db:"action"`
	Target  string `db:"target"`
	Details string `db:"details"`
}

// Audit appends e to the audit log.
func (s *Store) Audit(ctx context.Context, e *admin.Entry) error {
	return s.audit(ctx, s.write, e)
}

// audit writes e on db: the pool, or the transaction of the change it
// records, so that no change is kept without its entry.
func (s *Store) audit(ctx context.Context, db sqlx.ExtContext, e *admin.Entry) error {
	details := string(e.Details)
	if details == "" {
		details = "{}"
	}
	const q = `INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)`
	if _, err := db.ExecContext(ctx, db.Rebind(q), s.d.Time(Round(e.At)), e.Actor, e.Action, e.Target, details); err != nil {
		return s.d.Error(err, "write the audit log")
	}
	return nil
}

// AuditLog returns up to limit entries below before (0: from the
// newest), newest first.
func (s *Store) AuditLog(ctx context.Context, before int64, limit int) ([]admin.Entry, error) {
	var rows []auditRow
	q := `SELECT id, at, actor, action, target, details FROM audit_log WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), before, before, limit); err != nil {
		return nil, s.d.Error(err, "read the audit log")
	}
	out := make([]admin.Entry, len(rows))
	for i, r := range rows {
		out[i] = admin.Entry{ID: r.ID, At: r.At.Time, Actor: r.Actor, Action: r.Action, Target: r.Target, Details: json.RawMessage(r.Details)}
	}
	return out, nil
}
