package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Statements is lrs.StatementStore's query, whose rules lrs documents
// and engine/storetest holds both databases to.
func (db *DB) Statements(ctx context.Context, f lrs.StatementFilter) ([]xapi.Statement, string, error) {
	return sqlstore.DecodePage(db.StatementDocs(ctx, f))
}

// StatementDocs is Statements answering with the stored documents; the
// SQL is PostgreSQL's plan (statementQuery), the paging sqlstore's.
func (db *DB) StatementDocs(ctx context.Context, f lrs.StatementFilter) ([]lrs.StoredStatement, string, error) {
	limit, err := sqlstore.PageLimit(f)
	if err != nil {
		return nil, "", err
	}
	q, args, err := statementQuery(f, limit+1)
	if err != nil {
		return nil, "", err
	}
	// Prepared: planning the union costs a millisecond, a fifth of the
	// query (sqlstore.Statements).
	var rows []sqlstore.PageRow
	if st := db.queries.Get(ctx, db.db, q); st != nil {
		err = st.SelectContext(ctx, &rows, args...)
	} else {
		err = db.db.SelectContext(ctx, &rows, q, args...)
	}
	if err != nil {
		return nil, "", dbError(err, "query statements")
	}
	docs, next := sqlstore.Page(rows, limit, f.Ascending, time.Time.UnixMicro)
	return docs, next, nil
}

// params numbers the arguments of a query as it is built.
type params struct{ args []any }

// add appends arg and returns its placeholder.
func (p *params) add(arg any) string {
	p.args = append(p.args, arg)
	return fmt.Sprintf("$%d", len(p.args))
}

// statementQuery returns the query of a page of f's statements, n at most.
// Without filters it is one index scan. With filters it is the union of
// the statements that match themselves and those whose reference chain
// reaches a statement that matches (few: references are rare), each branch
// ordered and limited on its own so that each can use an index. The agent
// filter splits the first branch by agentConds: statements by the agent,
// read in order from a B-tree index, and the few that name the agent
// otherwise, from GIN indexes. A statement in two branches is listed once,
// told apart by stored and seq (comparing whole documents would cost more).
func statementQuery(f lrs.StatementFilter, n int) (string, []any, error) {
	var p params
	page, err := pageConds(f, &p)
	if err != nil {
		return "", nil, err
	}
	match, err := matchConds(f, "t", &p)
	if err != nil {
		return "", nil, err
	}
	agent := agentConds(f, "t", &p)
	order := "DESC"
	if f.Ascending {
		order = "ASC"
	}
	orderBy := ` ORDER BY stored ` + order + `, seq ` + order + ` LIMIT ` + p.add(n)
	if len(match) == 0 && agent == nil {
		return `SELECT seq, statement, stored FROM statements t WHERE ` + strings.Join(page, " AND ") + orderBy, p.args, nil
	}
	branch := func(conds ...[]string) string {
		return `(SELECT seq, statement, stored FROM statements t WHERE ` + strings.Join(slices.Concat(conds...), " AND ") + orderBy + `)`
	}
	var branches []string
	targetMatch := match
	if agent == nil {
		branches = append(branches, branch(page, match))
	} else {
		for _, a := range agent {
			branches = append(branches, branch(page, match, []string{a}))
		}
		targetMatch = append(slices.Clip(match), "(("+strings.Join(agent, ") OR (")+"))")
	}
	branches = append(branches, branch(page, []string{`t.id IN (
		SELECT refs.id FROM refs JOIN statements t ON t.id = refs.target WHERE ` + strings.Join(targetMatch, " AND ") + `)`}))
	// refs: (id, target) for each referencing statement and each statement
	// its chain of references reaches.
	q := `WITH RECURSIVE refs (id, target) AS (
			SELECT id, ref_id FROM statements WHERE ref_id IS NOT NULL
			UNION
			SELECT refs.id, s.ref_id FROM refs JOIN statements s ON s.id = refs.target WHERE s.ref_id IS NOT NULL
		)
		SELECT DISTINCT ON (stored, seq) seq, statement, stored FROM (` + strings.Join(branches, "\nUNION ALL\n") + `) page` + orderBy
	return q, p.args, nil
}

// agentConds returns the alternative conditions on statement alias t of
// the agent filter, nil if there is none: the agent is the actor, or is in
// the agents column (migration 0005; its index holds only the statements
// with some), or with related_agents is in related_agents in any relation.
func agentConds(f lrs.StatementFilter, t string, p *params) []string {
	if f.Agent == "" {
		return nil
	}
	conds := []string{t + ".actor_ifi = " + p.add(f.Agent),
		t + ".agents <> '{}' AND " + t + ".agents @> " + p.add(pq.Array([]string{f.Agent})) + "::text[]"}
	if f.RelatedAgents {
		keys := []string{relatedKey(lrs.AgentAuthority, f.Agent), relatedKey(lrs.AgentRelated, f.Agent)}
		conds = append(conds, t+".related_agents && "+p.add(pq.Array(keys))+"::text[]")
	}
	return conds
}

// matchConds returns the conditions on statement alias t of the filters
// other than agent that references pass on: verb, activity, registration.
func matchConds(f lrs.StatementFilter, t string, p *params) ([]string, error) {
	var conds []string
	if f.Verb != "" {
		conds = append(conds, t+".verb_id = "+p.add(f.Verb))
	}
	if f.Activity != "" {
		if f.RelatedActivities {
			conds = append(conds, t+".activities @> "+p.add(pq.Array([]string{f.Activity}))+"::text[]")
		} else {
			conds = append(conds, t+".object_id = "+p.add(f.Activity))
		}
	}
	if f.Registration != "" {
		conds = append(conds, t+".registration = "+p.add(strings.ToLower(f.Registration)))
	}
	return conds, nil
}

// pageConds returns the conditions on the listed statement itself: not
// voided, by the authority asked for, stored in the window, after the
// cursor.
//
// Stored times are whole microseconds, so rounding since and until down to
// the microsecond selects exactly the statements stored after since and not
// after until.
func pageConds(f lrs.StatementFilter, p *params) ([]string, error) {
	conds := []string{"NOT t.voided"}
	if f.Authority != "" {
		conds = append(conds, "t.related_agents @> "+p.add(pq.Array([]string{relatedKey(lrs.AgentAuthority, f.Authority)}))+"::text[]")
	}
	if f.Since != nil {
		conds = append(conds, "t.stored > "+p.add(pgTime(*f.Since)))
	}
	if f.Until != nil {
		conds = append(conds, "t.stored <= "+p.add(pgTime(*f.Until)))
	}
	if f.Cursor != "" {
		c, err := lrs.ParseCursor(f.Cursor, f.Ascending)
		if err != nil {
			return nil, err
		}
		at := time.UnixMicro(c.Stored).UTC()
		op := "<"
		if f.Ascending {
			op = ">"
		}
		conds = append(conds, "(t.stored, t.seq) "+op+" ("+p.add(at)+", "+p.add(c.Seq)+")")
	}
	return conds, nil
}
