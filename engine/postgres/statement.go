package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/xapi"
)

// voidedVerb is the verb of a statement that voids another.
const voidedVerb = xapi.VoidedVerb

// pending is a statement checked and ready to insert.
type pending struct {
	st          *xapi.Statement // as given, to compare with a stored one
	index       int             // in the batch
	id          string
	doc         string // JSON, with stored rounded to microseconds
	actor, verb string
	object, reg sql.NullString
	stored      string
	timestamp   sql.NullString
	ref         sql.NullString // the id its StatementRef object targets
	activities  []string       // the activities column
	agents      []string       // the agents column: direct agents but the actor
	related     []string       // the related_agents column: relation ':' IFI
	voids       string         // id of the statement it voids, if it is a voiding statement
}

// pendingStatements checks stmts and prepares their columns. EINVALID names
// the statement at fault by its position in the batch.
func pendingStatements(stmts []xapi.Statement) ([]pending, error) {
	out := make([]pending, len(stmts))
	for i := range stmts {
		st := &stmts[i]
		field := fmt.Sprintf("statements[%d]", i)
		switch {
		case !xapi.IsUUID(st.ID):
			return nil, engine.FieldError(field+".id", "%q is not a UUID", st.ID)
		case st.Stored == nil:
			return nil, engine.FieldError(field+".stored", "is missing: statements are stamped before they are stored")
		case st.Context != nil && st.Context.Registration != "" && !xapi.IsUUID(st.Context.Registration):
			return nil, engine.FieldError(field+".context.registration", "%q is not a UUID", st.Context.Registration)
		}
		// The document and the stored column must agree, to the microsecond
		// timestamptz keeps, or since/until and paging would disagree with it.
		c := *st
		stored := st.Stored.Truncate(time.Microsecond)
		c.Stored = &stored
		b, err := json.Marshal(&c)
		if err != nil {
			return nil, &engine.Error{Code: engine.EINVALID, Field: field, Message: "cannot be encoded as JSON", Err: err}
		}
		if len(b) > MaxStatementBytes {
			return nil, engine.FieldError(field, "is %d bytes of JSON; the limit is %d bytes", len(b), MaxStatementBytes)
		}
		links := lrs.LinksOf(st)
		p := pending{st: st, index: i, id: strings.ToLower(st.ID), doc: string(b), actor: st.Actor.IFI(), verb: st.Verb.ID,
			stored: pgText(stored), activities: links.Activities}
		p.agents, p.related = agentColumns(links.Agents, p.actor)
		if p.activities == nil {
			p.activities = []string{}
		}
		if st.Timestamp != nil {
			p.timestamp = sql.NullString{String: pgText(*st.Timestamp), Valid: true}
		}
		if st.Object.IsActivity() {
			p.object = sql.NullString{String: st.Object.ID, Valid: true}
		}
		if xapi.IsUUID(links.Ref) {
			p.ref = sql.NullString{String: links.Ref, Valid: true}
		}
		if st.Context != nil && st.Context.Registration != "" {
			p.reg = sql.NullString{String: strings.ToLower(st.Context.Registration), Valid: true}
		}
		if st.Verb.ID == voidedVerb && p.ref.Valid {
			p.voids = p.ref.String
		}
		out[i] = p
	}
	return out, nil
}

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

// StoreStatements stores statements that already have id and stored set, in
// one transaction. A statement whose id is already stored is accepted if it
// is the same statement, ignoring the properties the LRS sets (stored,
// authority, version), and the stored copy is kept; otherwise the batch fails
// with ECONFLICT and nothing of it is stored. EINVALID for a statement
// without a UUID id or stored time, or with a registration that is not a
// UUID. Stored times are kept to the microsecond.
func (db *DB) StoreStatements(ctx context.Context, stmts []xapi.Statement) error {
	if len(stmts) == 0 {
		return nil
	}
	p, err := pendingStatements(stmts)
	if err != nil {
		return err
	}
	if len(p) == 1 && p[0].voids == "" {
		// One INSERT is atomic by itself: no BEGIN and COMMIT, so that the
		// most common write is one round trip.
		return db.storeStatements(ctx, db.db, p)
	}
	err = db.withTx(ctx, func(tx *sqlx.Tx) error { return db.storeStatements(ctx, tx, p) })
	if uniqueViolation(err) {
		// Another writer stored one of these ids between copyStatements'
		// check and its COPY: the INSERT, which takes conflicts in its
		// stride, sorts it out.
		err = db.withTx(ctx, func(tx *sqlx.Tx) error { return db.insertStatements(ctx, tx, p) })
	}
	return err
}

// copyMin is the smallest batch stored with COPY rather than INSERT: COPY
// costs a few more round trips (the check of stored ids, the data, its
// end) and saves the planning of a long INSERT and the evaluation of its
// rows.
const copyMin = 10

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
		if inserted[p.id] {
			delete(inserted, p.id) // a later copy in the batch is a duplicate
		} else {
			check = append(check, i)
		}
	}
	if err := sameAsStored(ctx, q, stmts, check); err != nil {
		return err
	}
	return voidTargets(ctx, q, stmts)
}

// insertChunk inserts chunk and returns the ids inserted. One statement,
// the most common write, goes through a prepared statement.
func (db *DB) insertChunk(ctx context.Context, q sqlx.ExtContext, chunk []pending) ([]string, error) {
	query, args := insertSQL(len(chunk)), insertArgs(chunk)
	var got []string
	if len(chunk) == 1 {
		return got, db.selectPrepared(ctx, q, &got, query, args...)
	}
	return got, sqlx.SelectContext(ctx, q, &got, query, args...)
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
		args = append(args, p.id, p.doc, p.actor, p.verb, p.object, p.reg, p.stored, p.timestamp, p.ref,
			pq.Array(p.activities), pq.Array(p.agents), pq.Array(p.related), p.voids != "")
	}
	return args
}

// knownSQL tells, for each of the ids $1, whether it is stored and whether
// a stored voiding statement targets it.
const knownSQL = `SELECT u.id,
		EXISTS (SELECT 1 FROM statements s WHERE s.id = u.id) AS taken,
		EXISTS (SELECT 1 FROM statements v WHERE v.ref_id = u.id AND v.verb_id = $2) AS voided
	FROM unnest($1::uuid[]) AS u (id)`

// copyStatements stores a batch with COPY, which cannot skip ids already
// taken: it first asks which ids are stored, and which are targeted by a
// stored voiding statement, and copies the others, then checks the rest
// as insertStatements does. A concurrent writer storing one of the ids
// meanwhile makes the COPY fail with a unique violation.
func (db *DB) copyStatements(ctx context.Context, tx *sqlx.Tx, stmts []pending) error {
	ids := make([]string, len(stmts))
	for i, p := range stmts {
		ids[i] = p.id
	}
	var rows []struct {
		ID     string `db:"id"`
		Taken  bool   `db:"taken"`
		Voided bool   `db:"voided"`
	}
	if err := db.selectPrepared(ctx, tx, &rows, knownSQL, pq.Array(ids), voidedVerb); err != nil {
		return dbError(err, "read stored statements")
	}
	taken, voided := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		taken[r.ID], voided[r.ID] = r.Taken, r.Voided
	}
	cp, err := tx.PrepareContext(ctx, `COPY statements (`+insertColumns+`) FROM STDIN`)
	if err != nil {
		return dbError(err, "store statements")
	}
	defer cp.Close()
	var check []int
	for i, p := range stmts {
		if taken[p.id] {
			check = append(check, i)
			continue
		}
		taken[p.id] = true
		_, err := cp.ExecContext(ctx, p.id, p.doc, p.actor, p.verb, p.object, p.reg, p.stored, p.timestamp, p.ref,
			pq.Array(p.activities), pq.Array(p.agents), pq.Array(p.related), p.voids == "" && voided[p.id])
		if err != nil {
			return dbError(err, "store statements")
		}
	}
	if _, err := cp.ExecContext(ctx); err != nil {
		return dbError(err, "store statements")
	}
	if err := sameAsStored(ctx, tx, stmts, check); err != nil {
		return err
	}
	return voidTargets(ctx, tx, stmts)
}

// uniqueViolation reports whether err is (or wraps) a unique violation.
func uniqueViolation(err error) bool { return pq.As(err, pqerror.UniqueViolation) != nil }

// sameAsStored returns ECONFLICT unless each of stmts[check] is the same
// statement as the one stored with its id.
func sameAsStored(ctx context.Context, q sqlx.QueryerContext, stmts []pending, check []int) error {
	if len(check) == 0 {
		return nil
	}
	ids := make([]string, len(check))
	for j, i := range check {
		ids[j] = stmts[i].id
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
		st, err := decodeStatement(r.Doc)
		if err != nil {
			return err
		}
		stored[r.ID] = st
	}
	for _, i := range check {
		if old, ok := stored[stmts[i].id]; !ok || !xapi.Equivalent(old, stmts[i].st) {
			return &engine.Error{Code: engine.ECONFLICT, Field: fmt.Sprintf("statements[%d].id", i),
				Message: "statement " + stmts[i].st.ID + " already exists with different content"}
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
		if p.voids != "" {
			targets = append(targets, p.voids)
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
			if p.voids == voiding[0] {
				return engine.FieldError(fmt.Sprintf("statements[%d].object", p.index), "statement %s is a voiding statement, which cannot be voided", p.voids)
			}
		}
	}
	if _, err := q.ExecContext(ctx, `UPDATE statements SET voided = true WHERE id = ANY($1::uuid[])`, pq.Array(targets)); err != nil {
		return dbError(err, "void statements")
	}
	return nil
}
