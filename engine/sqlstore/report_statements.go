package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/jmoiron/sqlx"
)

// ModuleStatements streams a module's statements from a cursor, as
// admin.ModuleReports says. The order stored is (stored, seq), the LRS's
// own order, which the statements_stored index holds: the planner can
// walk it rather than sort. ORDER BY seq alone, which no index holds,
// sorted the whole module before the first row (100 MB of temporary
// files for 100,000 statements).
func (s *Store) ModuleStatements(ctx context.Context, moduleID string, each func(json.RawMessage) error) error {
	const q = `SELECT s.statement FROM statements s JOIN registrations r ON r.id = s.registration
	WHERE r.module_id = ? AND s.voided = ? ORDER BY s.stored, s.seq`
	return s.stream(ctx, q, []any{moduleID, false}, "read a module's statements", s.rawStatement(each))
}

// rawStatement is a stream's row function for a statement column. It
// hands each the driver's own bytes, valid until it returns, rather than
// a copy: an export of 100,000 statements copied 95 MB for nothing.
func (s *Store) rawStatement(each func(json.RawMessage) error) func(*sqlx.Rows) error {
	return func(rows *sqlx.Rows) error {
		var raw sql.RawBytes
		if err := rows.Scan(&raw); err != nil {
			return s.d.Error(err, "read a statement")
		}
		return each(json.RawMessage(raw))
	}
}
