package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
)

// ModuleStatements streams a module's statements from a cursor, as
// admin.ModuleReports says.
func (s *Store) ModuleStatements(ctx context.Context, moduleID string, each func(json.RawMessage) error) error {
	const q = `SELECT s.statement FROM statements s JOIN registrations r ON r.id = s.registration
	WHERE r.module_id = ? AND s.voided = ? ORDER BY s.seq`
	return s.stream(ctx, q, []any{moduleID, false}, "read a module's statements", s.rawStatement(each))
}

// ModuleVerbStatements streams the statements with verb of the
// registrations f selects, as admin.ModuleReports says.
func (s *Store) ModuleVerbStatements(ctx context.Context, f admin.ReportFilter, verb string, each func(json.RawMessage) error) error {
	where, args := s.reportWhere(f)
	q := `SELECT s.statement FROM statements s JOIN registrations r ON r.id = s.registration
	JOIN learners l ON l.id = r.learner_id ` + where + ` AND s.verb_id = ? AND s.voided = ? ORDER BY s.seq`
	return s.stream(ctx, q, append(args, verb, false), "read a module's answers", s.rawStatement(each))
}

// rawStatement is a stream's row function for a statement column.
func (s *Store) rawStatement(each func(json.RawMessage) error) func(*sqlx.Rows) error {
	return func(rows *sqlx.Rows) error {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return s.d.Error(err, "read a statement")
		}
		return each(raw)
	}
}
