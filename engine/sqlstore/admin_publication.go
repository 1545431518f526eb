package sqlstore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
)

// SetPublished records whether a module is published, and e, in one
// transaction.
func (s *Store) SetPublished(ctx context.Context, moduleID string, published bool, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		q, args := `DELETE FROM unpublished_modules WHERE module_id = ?`, []any{moduleID}
		if !published {
			q = `INSERT INTO unpublished_modules (module_id, since) VALUES (?, ?) ON CONFLICT (module_id) DO NOTHING`
			args = append(args, s.d.Time(Round(e.At)))
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
			return s.d.Error(err, "record whether module "+moduleID+" is published")
		}
		return s.audit(ctx, tx, e)
	})
}

// UnpublishedModules returns the ids of the modules unpublished, sorted.
func (s *Store) UnpublishedModules(ctx context.Context) ([]string, error) {
	var ids []string
	if err := s.read.SelectContext(ctx, &ids, `SELECT module_id FROM unpublished_modules ORDER BY module_id`); err != nil {
		return nil, s.d.Error(err, "list unpublished modules")
	}
	return ids, nil
}
