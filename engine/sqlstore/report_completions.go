package sqlstore

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
)

type completionRow struct {
	LearnerID   string          `db:"learner_id"`
	Name        string          `db:"name"`
	Email       string          `db:"email"`
	ModuleID    string          `db:"module_id"`
	Version     string          `db:"completed_version"`
	CompletedAt Time            `db:"completed_at"`
	Score       sql.NullFloat64 `db:"score"`
	CEHours     sql.NullFloat64 `db:"ce_hours"`
	Code        sql.NullString  `db:"code"`
}

func (r *completionRow) completion() *admin.Completion {
	c := &admin.Completion{LearnerID: r.LearnerID, LearnerName: r.Name, LearnerEmail: r.Email, ModuleID: r.ModuleID,
		Version: r.Version, CompletedAt: r.CompletedAt.Time, CEHours: r.CEHours.Float64, CertificateCode: r.Code.String}
	if r.Score.Valid {
		c.Score = &r.Score.Float64
	}
	return c
}

// Completions reads completed registrations from a cursor, one row at a
// time, as admin.Reports says; the score is the lowest scaled score of
// the registration's objects, read beside each row by its primary key.
func (s *Store) Completions(ctx context.Context, f admin.CompletionFilter, each func(*admin.Completion) error) error {
	q := `SELECT r.learner_id, l.name, l.email, r.module_id, r.completed_version, r.completed_at,
		(SELECT MIN(o.scaled) FROM object_states o WHERE o.registration_id = r.id) AS score,
		c.ce_hours, c.code
	FROM registrations r
	JOIN learners l ON l.id = r.learner_id
	LEFT JOIN certificates c ON c.registration_id = r.id
	WHERE r.completed_at IS NOT NULL`
	q, args := s.between(q, nil, "r.completed_at", f.From, f.To)
	if f.ModuleID != "" {
		q += ` AND r.module_id = ?`
		args = append(args, f.ModuleID)
	}
	q += ` ORDER BY r.completed_at, r.id`
	return s.stream(ctx, q, args, "read completions", func(rows *sqlx.Rows) error {
		var r completionRow
		if err := rows.StructScan(&r); err != nil {
			return s.d.Error(err, "read a completion")
		}
		return each(r.completion())
	})
}
