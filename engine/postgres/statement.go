package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// voidedVerb is the verb of a statement that voids another.
const voidedVerb = xapi.VoidedVerb

// pending is a statement checked and ready to insert.
type pending = sqlstore.Pending

// agentColumns returns the agents and related_agents columns of a
// statement whose actor's IFI is actor (migration 0005).
func agentColumns(links []lrs.AgentLink, actor string) (agents, related []string) {
	agents, related = []string{}, []string{}
	for _, a := range links {
		switch {
		case a.Relation != lrs.AgentDirect:
			related = append(related, relatedKey(a.Relation, a.IFI))
		case a.IFI != actor:
			agents = append(agents, a.IFI)
		}
	}
	return agents, related
}

// relatedKey is the entry of the related_agents column for ifi in relation
// rel (authority or related).
func relatedKey(rel lrs.AgentRelation, ifi string) string { return string(rel)[:1] + ":" + ifi }

// pgText formats t as a timestamptz parameter or COPY field.
func pgText(t time.Time) string { return pgTime(t).Format(time.RFC3339Nano) }

// storeBatch stores a batch of statements (sqlstore's StoreStatements),
// in one transaction unless one INSERT does.
func (db *DB) storeBatch(ctx context.Context, p []pending) error {
	if len(p) == 1 && p[0].Voids == "" {
		// One INSERT is atomic by itself: no BEGIN and COMMIT, so that the
		// most common write is one round trip when it comes alone. Through
		// the batch path, in a transaction, it stored 0.72 times the
		// statements per second (BenchmarkStoreStatement,
		// docs/PERFORMANCE.md). Statements written at the same time are
		// committed together (groupcommit.go).
		if err := ctx.Err(); err != nil {
			return dbError(err, "store statements")
		}
		return db.group.Store(p[0])
	}
	err := db.withTx(ctx, func(tx *sqlx.Tx) error { return db.storeStatements(ctx, tx, p) })
	if uniqueViolation(err) {
		// Another writer stored one of these ids between copyStatements'
		// check and its COPY: the INSERT, which takes conflicts in its
		// stride, sorts it out.
		err = db.withTx(ctx, func(tx *sqlx.Tx) error { return db.insertStatements(ctx, tx, p) })
	}
	return err
}

// storeAlone stores one statement by itself: one INSERT, atomic without
// a transaction.
func (db *DB) storeAlone(ctx context.Context, p pending) error {
	return db.storeStatements(ctx, db.db, []pending{p})
}

// storeTogether stores single statements written at once in one
// transaction; if it fails, each is retried alone, so that one bad
// statement (an id already stored with other content) fails only its own
// writer. A retry is safe even if the failure hid a commit: a statement
// stored again the same is no change.
func (db *DB) storeTogether(ctx context.Context, ps []pending) []error {
	if err := db.withTx(ctx, func(tx *sqlx.Tx) error { return db.insertStatements(ctx, tx, ps) }); err != nil {
		return each(len(ps), errAlone)
	}
	return each(len(ps), nil)
}

// storeStatements stores a batch with COPY if it is large and q is a
// transaction, with INSERT otherwise.
func (db *DB) storeStatements(ctx context.Context, q sqlx.ExtContext, stmts []pending) error {
	if tx, ok := q.(*sqlx.Tx); ok && len(stmts) >= copyMin {
		return db.copyStatements(ctx, tx, stmts)
	}
	return db.insertStatements(ctx, q, stmts)
}

// insertStatements inserts a batch with INSERT, which leaves out ids
// already taken (by an earlier statement or one earlier in the batch), then
// checks that each statement left out is the same as the one stored, and
// applies the voiding statements of the batch.
func (db *DB) insertStatements(ctx context.Context, q sqlx.ExtContext, stmts []pending) error {
	inserted := make(map[string]bool, len(stmts))
	for chunk := range slices.Chunk(stmts, insertRows) {
		got, err := db.insertChunk(ctx, q, chunk)
		if err != nil {
			return dbError(err, "store statements")
		}
		for _, id := range got {
			inserted[id] = true
		}
	}
	var check []int
	for i, p := range stmts {
		if inserted[p.ID] {
			delete(inserted, p.ID) // a later copy in the batch is a duplicate
		} else {
			check = append(check, i)
		}
	}
	if err := sameAsStored(ctx, q, stmts, check); err != nil {
		return err
	}
	return voidTargets(ctx, q, stmts)
}

// insertChunk inserts chunk and returns the ids inserted. One statement
// stored alone, the most common write, goes through insertOne.
func (db *DB) insertChunk(ctx context.Context, q sqlx.ExtContext, chunk []pending) ([]string, error) {
	var got []string
	if _, inTx := q.(*sqlx.Tx); !inTx && len(chunk) == 1 && db.insertOne != nil {
		return got, db.insertOne.SelectContext(ctx, &got, insertArgs(chunk)...)
	}
	return got, sqlx.SelectContext(ctx, q, &got, insertSQL(len(chunk)), insertArgs(chunk)...)
}

// insertRows is the most rows one INSERT carries: 13 parameters each, far
// below PostgreSQL's 65,535.
const insertRows = 100

// insertColumns are the columns a statement's row is given, in the order
// of insertQuery's values and copyStatements' COPY.
const insertColumns = `id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, ref_id,
	activities, agents, related_agents, voided`

// insertSQL returns the INSERT of n statements, whose arguments are
// insertArgs: one row of parameters each (rather than arrays to unnest,
// which would escape every JSON document into an array literal and parse
// it back). Rows go in the order of the batch, so that seq follows it. A
// statement is voided at once if a voiding statement stored earlier
// targets it (but not if it is a voiding statement itself).
func insertSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO statements (` + insertColumns + `)
		SELECT id, statement, actor_ifi, verb_id, object_id, registration, stored, ts, ref_id, activities, agents, related,
			NOT voiding AND EXISTS (SELECT 1 FROM statements v WHERE v.ref_id = r.id AND v.verb_id = '` + voidedVerb + `')
		FROM (VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		k := 13 * i
		fmt.Fprintf(&b, "($%d::uuid, $%d::jsonb, $%d, $%d, $%d, $%d::uuid, $%d::timestamptz, $%d::timestamptz, $%d::uuid, $%d::text[], $%d::text[], $%d::text[], $%d::boolean, %d)",
			k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8, k+9, k+10, k+11, k+12, k+13, i)
	}
	b.WriteString(`) AS r (id, statement, actor_ifi, verb_id, object_id, registration, stored, ts, ref_id, activities, agents, related, voiding, n)
		ORDER BY n
		ON CONFLICT (id) DO NOTHING
		RETURNING id`)
	return b.String()
}

// insertArgs returns the arguments of insertSQL(len(stmts)).
func insertArgs(stmts []pending) []any {
	args := make([]any, 0, 13*len(stmts))
	for _, p := range stmts {
		args = append(args, rowArgs(p, p.Voids != "")...)
	}
	return args
}

// rowArgs returns the values of p's columns, insertColumns, the last
// being voided.
func rowArgs(p pending, voided bool) []any {
	activities := p.Links.Activities
	agents, related := agentColumns(p.Links.Agents, p.Actor)
	var ts any
	if p.Timestamp != nil {
		ts = pgText(*p.Timestamp)
	}
	return []any{p.ID, p.Doc, p.Actor, p.Verb, orNull(p.Object), orNull(p.Reg), pgText(p.Stored), ts, orNull(p.Ref),
		textArray(activities), textArray(agents), textArray(related), voided}
}

// textArray is the text[] literal of ss, as pq.StringArray's Value writes
// it, in one allocation: through pq.Array, reflection and a []byte copy of
// each element made the three array columns 16 of the COPY path's 40
// allocations a statement, while a fifth of the server's CPU under
// batches of 100 went to the garbage collector (docs/PERFORMANCE.md, "LRS write path: CPU per statement").
func textArray(ss []string) string {
	if len(ss) == 0 {
		return "{}"
	}
	n := 1 + 3*len(ss)
	for _, s := range ss {
		n += len(s) + strings.Count(s, `"`) + strings.Count(s, `\`)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for {
			j := strings.IndexAny(s, `"\`)
			if j < 0 {
				break
			}
			b.WriteString(s[:j])
			b.WriteByte('\\')
			b.WriteByte(s[j])
			s = s[j+1:]
		}
		b.WriteString(s)
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// orNull is s, or NULL if it is empty.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// sameAsStored returns ECONFLICT unless each of stmts[check] is the same
// statement as the one stored with its id.
func sameAsStored(ctx context.Context, q sqlx.QueryerContext, stmts []pending, check []int) error {
	if len(check) == 0 {
		return nil
	}
	ids := make([]string, len(check))
	for j, i := range check {
		ids[j] = stmts[i].ID
	}
	var rows []struct {
		ID  string `db:"id"`
		Doc string `db:"statement"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT id, statement FROM statements WHERE id = ANY($1::uuid[])`, pq.Array(ids)); err != nil {
		return dbError(err, "read stored statements")
	}
	stored := make(map[string]*xapi.Statement, len(rows))
	for _, r := range rows {
		st, err := sqlstore.DecodeStatement(r.Doc)
		if err != nil {
			return err
		}
		stored[r.ID] = st
	}
	for _, i := range check {
		if old, ok := stored[stmts[i].ID]; !ok || !xapi.Equivalent(old, stmts[i].St) {
			return sqlstore.ConflictError(stmts[i])
		}
	}
	return nil
}

// voidTargets applies the voiding statements of a stored batch: each marks
// its target voided, or fails with EINVALID if the target is itself a
// voiding statement. Targets not stored yet are voided when they arrive
// (insertStatements, copyStatements).
func voidTargets(ctx context.Context, q sqlx.ExtContext, stmts []pending) error {
	var targets []string
	for _, p := range stmts {
		if p.Voids != "" {
			targets = append(targets, p.Voids)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	var voiding []string
	const check = `SELECT id FROM statements WHERE id = ANY($1::uuid[]) AND verb_id = $2`
	if err := sqlx.SelectContext(ctx, q, &voiding, check, pq.Array(targets), voidedVerb); err != nil {
		return dbError(err, "read voided statements")
	}
	if len(voiding) > 0 {
		for _, p := range stmts {
			if p.Voids == voiding[0] {
				return sqlstore.VoidingError(p)
			}
		}
	}
	if _, err := q.ExecContext(ctx, `UPDATE statements SET voided = true WHERE id = ANY($1::uuid[])`, pq.Array(targets)); err != nil {
		return dbError(err, "void statements")
	}
	return nil
}
