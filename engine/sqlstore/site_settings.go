package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

type settingRow struct {
	Key       string `db:"key"`
	Value     string `db:"value"`
	UpdatedAt Time   `db:"updated_at"`
	UpdatedBy string `db:"updated_by"`
}

// SiteSetting returns a setting made in the admin area; ENOTFOUND if none.
func (s *Store) SiteSetting(ctx context.Context, key string) (*admin.Setting, error) {
	var row settingRow
	const q = `SELECT key, value, updated_at, updated_by FROM site_settings WHERE key = ?`
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), key); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "no setting %s", key)
	} else if err != nil {
		return nil, s.d.Error(err, "read setting "+key)
	}
	return &admin.Setting{Key: row.Key, Value: json.RawMessage(row.Value), UpdatedAt: row.UpdatedAt.Time, UpdatedBy: row.UpdatedBy}, nil
}

// SetSiteSetting stores (or, with a nil Value, removes) a setting and its
// audit entry in one transaction.
func (s *Store) SetSiteSetting(ctx context.Context, set *admin.Setting, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		q, args := `DELETE FROM site_settings WHERE key = ?`, []any{set.Key}
		if set.Value != nil {
			q = `INSERT INTO site_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
			args = append(args, string(set.Value), s.d.Time(Round(set.UpdatedAt)), set.UpdatedBy)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
			return s.d.Error(err, "store setting "+set.Key)
		}
		return s.audit(ctx, tx, e)
	})
}

// LastChange is the id of the newest audit entry, 0 when there is none.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var id int64
	if err := s.read.GetContext(ctx, &id, `SELECT COALESCE(MAX(id), 0) FROM audit_log`); err != nil {
		return 0, s.d.Error(err, "read the audit log's last entry")
	}
	return id, nil
}

// ChangesSince returns the distinct actions audited after id and the
// newest entry's id; id itself when there is none.
func (s *Store) ChangesSince(ctx context.Context, id int64) ([]string, int64, error) {
	var rows []struct {
		Action string `db:"action"`
		Last   int64  `db:"last"`
	}
	const q = `SELECT action, MAX(id) AS last FROM audit_log WHERE id > ? GROUP BY action`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), id); err != nil {
		return nil, 0, s.d.Error(err, "read the audit log's new entries")
	}
	actions, last := make([]string, len(rows)), id
	for i, r := range rows {
		actions[i], last = r.Action, max(last, r.Last)
	}
	return actions, last, nil
}
