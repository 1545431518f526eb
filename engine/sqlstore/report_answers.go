package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/admin"
)

type answerCountRow struct {
	ActivityID string         `db:"object_id"`
	Success    sql.NullString `db:"success"`
	Response   sql.NullString `db:"response"`
	N          int            `db:"n"`
	First      int64          `db:"first"`
}

// question is one question's counts as they are read, and where its
// first answer is.
type question struct {
	admin.AnsweredQuestion
	first int64 // seq
}

// ModuleAnswers counts the answers in the database, as
// admin.ModuleReports says, in one pass over the answered statements
// that reads two fields of each: a few rows per question travel, whatever
// the number of learners. The definitions are then read from the first
// answer of each question alone.
//
// Which rows are answers to questions is told here, from the groups: a
// condition on the JSON in the WHERE clause hides the rows from the
// planner's statistics, and it expected a handful where there were
// thousands (a nested loop over every learner: seconds).
func (s *Store) ModuleAnswers(ctx context.Context, f admin.ReportFilter, each func(*admin.AnsweredQuestion) error) error {
	where, args := s.reportWhere(f)
	success, response := s.d.JSON("s.statement", "result", "success"), s.d.JSON("s.statement", "result", "response")
	q := `SELECT s.object_id, ` + success + ` AS success, ` + response + ` AS response, COUNT(*) AS n, MIN(s.seq) AS first
	FROM statements s JOIN registrations r ON r.id = s.registration JOIN learners l ON l.id = r.learner_id ` +
		where + ` AND s.verb_id = ? AND s.voided = ?
	GROUP BY s.object_id, ` + success + `, ` + response
	questions := map[string]*question{}
	err := s.stream(ctx, q, append(args, admin.VerbAnswered, false), "count a module's answers", func(rows *sqlx.Rows) error {
		var r answerCountRow
		if err := rows.StructScan(&r); err != nil {
			return s.d.Error(err, "read an answer count")
		}
		if !strings.Contains(r.ActivityID, "/questions/") || (r.Success.String != "true" && r.Success.String != "false") {
			return nil
		}
		qn := questions[r.ActivityID]
		if qn == nil {
			qn = &question{AnsweredQuestion: admin.AnsweredQuestion{ActivityID: r.ActivityID}, first: r.First}
			questions[r.ActivityID] = qn
		}
		qn.first = min(qn.first, r.First)
		qn.Counts = append(qn.Counts, admin.AnswerCount{Success: r.Success.String == "true", Response: jsonString(r.Response.String), N: r.N})
		return nil
	})
	if err != nil {
		return err
	}
	ordered := slices.SortedFunc(func(yield func(*question) bool) {
		for _, qn := range questions {
			if !yield(qn) {
				return
			}
		}
	}, func(a, b *question) int { return cmp.Compare(a.first, b.first) })
	if err := s.definitions(ctx, ordered); err != nil {
		return err
	}
	for _, qn := range ordered {
		if err := each(&qn.AnsweredQuestion); err != nil {
			return err
		}
	}
	return nil
}

// definitions reads each question's definition from its first answer,
// found by seq among the answered statements (the verb's index).
func (s *Store) definitions(ctx context.Context, qs []*question) error {
	if len(qs) == 0 {
		return nil
	}
	bySeq := map[int64]*question{}
	seqs := make([]int64, len(qs))
	for i, qn := range qs {
		bySeq[qn.first], seqs[i] = qn, qn.first
	}
	q, args, err := sqlx.In(`SELECT s.seq, `+s.d.JSON("s.statement", "object", "definition")+` AS definition
	FROM statements s WHERE s.verb_id = ? AND s.seq IN (?)`, admin.VerbAnswered, seqs)
	if err != nil {
		return s.d.Error(err, "read the questions")
	}
	return s.stream(ctx, q, args, "read the questions", func(rows *sqlx.Rows) error {
		var seq int64
		var def sql.NullString
		if err := rows.Scan(&seq, &def); err != nil {
			return s.d.Error(err, "read a question")
		}
		if qn := bySeq[seq]; qn != nil {
			qn.Definition = json.RawMessage(def.String)
		}
		return nil
	})
}

// jsonString is the string JSON text v holds, or v itself when it holds
// another value (a statement from elsewhere may put one there).
func jsonString(v string) string {
	var out string
	if json.Unmarshal([]byte(v), &out) != nil {
		return v
	}
	return out
}
