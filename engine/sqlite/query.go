package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine/sqlstore"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Statements is lrs.StatementStore's query, whose rules lrs documents
// and engine/storetest holds both databases to.
func (db *DB) Statements(ctx context.Context, f lrs.StatementFilter) ([]xapi.Statement, string, error) {
	return sqlstore.DecodePage(db.StatementDocs(ctx, f))
}

// StatementDocs is Statements answering with the stored documents; the
// SQL is SQLite's plan (statementQuery), the paging sqlstore's.
func (db *DB) StatementDocs(ctx context.Context, f lrs.StatementFilter) ([]lrs.StoredStatement, string, error) {
	limit, err := sqlstore.PageLimit(f)
	if err != nil {
		return nil, "", err
	}
	q, args, err := statementQuery(f, limit+1)
	if err != nil {
		return nil, "", err
	}
	var rows []sqlstore.PageRow
	if err := db.read.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, "", dbError(err, "query statements")
	}
	docs, next := sqlstore.Page(rows, limit, f.Ascending, time.Time.UnixNano)
	return docs, next, nil
}

// statementQuery returns the query of a page of f's statements, n at most.
// Without filters it is one index scan. With filters it is the union of the
// statements that match themselves and those whose reference chain reaches
// a statement that matches (few: references are rare), each branch ordered
// and limited on its own so that both can use an index.
func statementQuery(f lrs.StatementFilter, n int) (string, []any, error) {
	match, matchArgs, err := matchConds(f, "t")
	if err != nil {
		return "", nil, err
	}
	page, pageArgs, err := pageConds(f)
	if err != nil {
		return "", nil, err
	}
	order := "DESC"
	if f.Ascending {
		order = "ASC"
	}
	orderBy := ` ORDER BY stored ` + order + `, seq ` + order + ` LIMIT ?`
	if len(match) == 0 {
		q := `SELECT seq, statement, stored FROM statements t WHERE ` + strings.Join(page, " AND ") + orderBy
		return q, append(pageArgs, n), nil
	}
	// refs: (id, target) for each referencing statement and each statement
	// its chain of references reaches.
	q := `WITH RECURSIVE refs (id, target) AS (
			SELECT id, ref_id FROM statements WHERE ref_id IS NOT NULL
			UNION
			SELECT refs.id, s.ref_id FROM refs JOIN statements s ON s.id = refs.target WHERE s.ref_id IS NOT NULL
		)
		SELECT seq, statement, stored FROM (
			SELECT * FROM (SELECT seq, statement, stored FROM statements t
				WHERE ` + strings.Join(append(page, match...), " AND ") + orderBy + `)
			UNION
			SELECT * FROM (SELECT seq, statement, stored FROM statements t
				WHERE ` + strings.Join(page, " AND ") + ` AND t.id IN (
					SELECT refs.id FROM refs JOIN statements t ON t.id = refs.target WHERE ` + strings.Join(match, " AND ") + `)` + orderBy + `)
		)` + orderBy
	var args []any
	args = append(args, pageArgs...)
	args = append(args, matchArgs...)
	args = append(args, n)
	args = append(args, pageArgs...)
	args = append(args, matchArgs...)
	args = append(args, n, n)
	return q, args, nil
}

// matchConds returns the conditions on statement alias t of the filters
// that references pass on: agent, verb, activity, registration.
func matchConds(f lrs.StatementFilter, t string) ([]string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, arg ...any) {
		conds = append(conds, cond)
		args = append(args, arg...)
	}
	if f.Agent != "" {
		if f.RelatedAgents {
			add(t+".id IN (SELECT statement_id FROM statement_agents WHERE agent_ifi = ?)", f.Agent)
		} else {
			add(t+".id IN (SELECT statement_id FROM statement_agents WHERE agent_ifi = ? AND relation = ?)", f.Agent, string(lrs.AgentDirect))
		}
	}
	if f.Verb != "" {
		add(t+".verb_id = ?", f.Verb)
	}
	if f.Activity != "" {
		if f.RelatedActivities {
			add(t+".id IN (SELECT statement_id FROM statement_activities WHERE activity_id = ?)", f.Activity)
		} else {
			add(t+".object_id = ?", f.Activity)
		}
	}
	if f.Registration != "" {
		add(t+".registration = ?", strings.ToLower(f.Registration))
	}
	return conds, args, nil
}

// pageConds returns the conditions on the listed statement itself: not
// voided, by the authority asked for, stored in the window, after the
// cursor.
func pageConds(f lrs.StatementFilter) ([]string, []any, error) {
	conds := []string{"t.voided = 0"}
	var args []any
	add := func(cond string, arg ...any) {
		conds = append(conds, cond)
		args = append(args, arg...)
	}
	if f.Authority != "" {
		add("t.id IN (SELECT statement_id FROM statement_agents WHERE agent_ifi = ? AND relation = ?)", f.Authority, string(lrs.AgentAuthority))
	}
	if f.Since != nil {
		add("t.stored > ?", nanos(*f.Since))
	}
	if f.Until != nil {
		add("t.stored <= ?", nanos(*f.Until))
	}
	if f.Cursor != "" {
		c, err := lrs.ParseCursor(f.Cursor, f.Ascending)
		if err != nil {
			return nil, nil, err
		}
		if f.Ascending {
			add("(t.stored, t.seq) > (?, ?)", c.Stored, c.Seq)
		} else {
			add("(t.stored, t.seq) < (?, ?)", c.Stored, c.Seq)
		}
	}
	return conds, args, nil
}
