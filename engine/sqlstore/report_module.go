package sqlstore

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
)

type spanRow struct {
	StartedAt   Time     `db:"started_at"`
	CompletedAt NullTime `db:"completed_at"`
	FailedAt    NullTime `db:"failed_at"`
}

type resultRow struct {
	RegistrationID string   `db:"registration_id"`
	ObjectID       string   `db:"object_id"`
	Completed      bool     `db:"completed"`
	Scaled         *float64 `db:"scaled"`
}

// ModuleRegistrations streams the registrations f selects from a cursor.
func (s *Store) ModuleRegistrations(ctx context.Context, f admin.ReportFilter, each func(*admin.RegistrationSpan) error) error {
	where, args := s.reportWhere(f)
	q := `SELECT r.started_at, r.completed_at, r.failed_at
	FROM registrations r JOIN learners l ON l.id = r.learner_id ` + where
	return s.stream(ctx, q, args, "read a module's registrations", func(rows *sqlx.Rows) error {
		var r spanRow
		if err := rows.StructScan(&r); err != nil {
			return s.d.Error(err, "read a registration")
		}
		return each(&admin.RegistrationSpan{StartedAt: r.StartedAt.Time, CompletedAt: r.CompletedAt.T, FailedAt: r.FailedAt.T})
	})
}

// ModuleResults streams the object states of the registrations f
// selects, ordered by registration so that each one's come together (the
// funnel follows one learner at a time); the primary key's order.
func (s *Store) ModuleResults(ctx context.Context, f admin.ReportFilter, each func(*admin.ObjectResult) error) error {
	where, args := s.reportWhere(f)
	q := `SELECT o.registration_id, o.object_id, o.completed, o.scaled
	FROM object_states o JOIN registrations r ON r.id = o.registration_id JOIN learners l ON l.id = r.learner_id ` + where +
		` ORDER BY o.registration_id`
	return s.stream(ctx, q, args, "read a module's results", func(rows *sqlx.Rows) error {
		var r resultRow
		if err := rows.StructScan(&r); err != nil {
			return s.d.Error(err, "read an object's result")
		}
		return each(&admin.ObjectResult{RegistrationID: r.RegistrationID, ObjectID: r.ObjectID, Completed: r.Completed, Scaled: r.Scaled})
	})
}

// reportWhere is the WHERE clause of f over registrations r and learners
// l. The domain has only letters, digits, dots and hyphens
// (admin.ParseReportFilter), so it needs no LIKE escaping.
func (s *Store) reportWhere(f admin.ReportFilter) (string, []any) {
	where, args := s.between(`WHERE r.module_id = ?`, []any{f.ModuleID}, "r.started_at", f.From, f.To)
	if f.EmailDomain != "" {
		where += ` AND LOWER(l.email) LIKE ?`
		args = append(args, "%@"+f.EmailDomain)
	}
	return where, args
}

// between adds to a WHERE clause that col is from from (inclusive) to to
// (exclusive), a zero time leaving that side open.
func (s *Store) between(where string, args []any, col string, from, to time.Time) (string, []any) {
	if !from.IsZero() {
		where += ` AND ` + col + ` >= ?`
		args = append(args, s.d.Time(Round(from)))
	}
	if !to.IsZero() {
		where += ` AND ` + col + ` < ?`
		args = append(args, s.d.Time(Round(to)))
	}
	return where, args
}

// stream runs q on the read pool and calls row for each row as the cursor
// reaches it; an error from row stops it and is returned.
func (s *Store) stream(ctx context.Context, q string, args []any, doing string, row func(*sqlx.Rows) error) error {
	rows, err := s.read.QueryxContext(ctx, s.read.Rebind(q), args...)
	if err != nil {
		return s.d.Error(err, doing)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.d.Error(err, doing)
	}
	return nil
}
