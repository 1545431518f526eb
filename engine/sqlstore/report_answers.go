package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
)

// answersFrom is the FROM and WHERE of the answered statements, not
// voided, of the registrations f selects, and its arguments. Which are
// answers to questions (admin.ModuleReports) is told from the rows
// read: a condition on the JSON here would hide the rows from the
// planner's statistics, and it would expect a handful where there are
// thousands (a nested loop over every learner: seconds).
func (s *Store) answersFrom(f admin.ReportFilter) (string, []any) {
	where, args := s.reportWhere(f)
	q := ` FROM statements s JOIN registrations r ON r.id = s.registration JOIN learners l ON l.id = r.learner_id ` +
		where + ` AND s.verb_id = ? AND s.voided = ?`
	return q, append(args, admin.VerbAnswered, false)
}

// answered tells an answer to a question: an object id with
// "/questions/" and a success, true or false, as JSON text.
func answered(objectID, success string) bool {
	return strings.Contains(objectID, "/questions/") && (success == "true" || success == "false")
}

type answerCountRow struct {
	ActivityID string         `db:"object_id"`
	Success    sql.NullString `db:"success"`
	Response   sql.NullString `db:"response"`
	N          int            `db:"n"`
}

// ModuleAnswers counts the answers in the database, grouped by question,
// success and response, as admin.ModuleReports says: a few rows per
// question travel, whatever the number of learners.
func (s *Store) ModuleAnswers(ctx context.Context, f admin.ReportFilter, each func(*admin.AnswerCount) error) error {
	from, args := s.answersFrom(f)
	success, response := s.d.JSON("s.statement", "result", "success"), s.d.JSON("s.statement", "result", "response")
	q := `SELECT s.object_id, ` + success + ` AS success, ` + response + ` AS response, COUNT(*) AS n` +
		from + ` GROUP BY s.object_id, ` + success + `, ` + response
	return s.stream(ctx, q, args, "count a module's answers", func(rows *sqlx.Rows) error {
		var r answerCountRow
		if err := rows.StructScan(&r); err != nil {
			return s.d.Error(err, "read an answer count")
		}
		if !answered(r.ActivityID, r.Success.String) {
			return nil
		}
		a := &admin.AnswerCount{ActivityID: r.ActivityID, Success: r.Success.String == "true", N: r.N}
		// The response is JSON text: a string, or another value a
		// statement from elsewhere put there, shown as written.
		if json.Unmarshal([]byte(r.Response.String), &a.Response) != nil {
			a.Response = r.Response.String
		}
		return each(a)
	})
}

type questionRow struct {
	ActivityID string         `db:"object_id"`
	Success    sql.NullString `db:"success"`
	Definition sql.NullString `db:"definition"`
}

// ModuleQuestions reads each question's first answer's definition, as
// admin.ModuleReports says: the window numbers each object's answered
// statements, those with a success first, in the order stored, and the
// first is kept; an object whose first has no success is no question.
func (s *Store) ModuleQuestions(ctx context.Context, f admin.ReportFilter, each func(*admin.AnsweredQuestion) error) error {
	from, args := s.answersFrom(f)
	success := s.d.JSON("s.statement", "result", "success")
	q := `SELECT object_id, success, definition FROM (
		SELECT s.object_id, s.seq, ` + success + ` AS success, ` + s.d.JSON("s.statement", "object", "definition") + ` AS definition,
			ROW_NUMBER() OVER (PARTITION BY s.object_id
				ORDER BY CASE WHEN ` + success + ` IN ('true', 'false') THEN 0 ELSE 1 END, s.seq) AS k` + from + `
	) AS a WHERE k = 1 ORDER BY seq`
	return s.stream(ctx, q, args, "read a module's questions", func(rows *sqlx.Rows) error {
		var r questionRow
		if err := rows.StructScan(&r); err != nil {
			return s.d.Error(err, "read a question")
		}
		if !answered(r.ActivityID, r.Success.String) {
			return nil
		}
		return each(&admin.AnsweredQuestion{ActivityID: r.ActivityID, Definition: json.RawMessage(r.Definition.String)})
	})
}
