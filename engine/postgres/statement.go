package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine"
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
	links       engine.StatementLinks
	voids       string // id of the statement it voids, if it is a voiding statement
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
		p := pending{st: st, index: i, id: strings.ToLower(st.ID), doc: string(b), actor: st.Actor.IFI(), verb: st.Verb.ID,
			stored: pgText(stored), links: engine.LinksOf(st)}
		if st.Timestamp != nil {
			p.timestamp = sql.NullString{String: pgText(*st.Timestamp), Valid: true}
		}
		if st.Object.IsActivity() {
			p.object = sql.NullString{String: st.Object.ID, Valid: true}
		}
		if xapi.IsUUID(p.links.Ref) {
			p.ref = sql.NullString{String: p.links.Ref, Valid: true}
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

// pgText formats t for a timestamptz[] array literal.
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
	return db.withTx(ctx, func(tx *sqlx.Tx) error { return storeStatements(ctx, tx, p) })
}

// storeStatements inserts a batch in one statement, then checks that every
// statement not inserted (its id was taken, by an earlier statement or one
// earlier in the batch) is the same as the one stored.
func storeStatements(ctx context.Context, tx *sqlx.Tx, stmts []pending) error {
	if len(stmts) == 0 {
		return nil
	}
	inserted, err := insertStatements(ctx, tx, stmts)
	if err != nil {
		return err
	}
	var fresh []pending
	var check []int
	for i, p := range stmts {
		if inserted[p.id] {
			delete(inserted, p.id)
			fresh = append(fresh, p)
		} else {
			check = append(check, i)
		}
	}
	if err := sameAsStored(ctx, tx, stmts, check); err != nil {
		return err
	}
	return linkStatements(ctx, tx, fresh)
}

func insertStatements(ctx context.Context, tx *sqlx.Tx, stmts []pending) (map[string]bool, error) {
	n := len(stmts)
	ids, docs, actors, verbs, stored := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	objects, regs, timestamps, refs := make([]sql.NullString, n), make([]sql.NullString, n), make([]sql.NullString, n), make([]sql.NullString, n)
	for i, p := range stmts {
		ids[i], docs[i], actors[i], verbs[i], stored[i] = p.id, p.doc, p.actor, p.verb, p.stored
		objects[i], regs[i], timestamps[i], refs[i] = p.object, p.reg, p.timestamp, p.ref
	}
	// WITH ORDINALITY ... ORDER BY n: seq follows the order of the batch.
	const q = `INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, ref_id)
		SELECT id, statement, actor_ifi, verb_id, object_id, registration, stored, ts, ref_id
		FROM unnest($1::uuid[], $2::jsonb[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::timestamptz[], $8::timestamptz[], $9::uuid[])
			WITH ORDINALITY AS u (id, statement, actor_ifi, verb_id, object_id, registration, stored, ts, ref_id, n)
		ORDER BY n
		ON CONFLICT (id) DO NOTHING
		RETURNING id`
	var got []string
	err := tx.SelectContext(ctx, &got, q, pq.Array(ids), pq.Array(docs), pq.Array(actors), pq.Array(verbs),
		pq.Array(objects), pq.Array(regs), pq.Array(stored), pq.Array(timestamps), pq.Array(refs))
	if err != nil {
		return nil, dbError(err, "store statements")
	}
	inserted := make(map[string]bool, len(got))
	for _, id := range got {
		inserted[id] = true
	}
	return inserted, nil
}

// sameAsStored returns ECONFLICT unless each of stmts[check] is the same
// statement as the one stored with its id.
func sameAsStored(ctx context.Context, tx *sqlx.Tx, stmts []pending, check []int) error {
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
	if err := tx.SelectContext(ctx, &rows, `SELECT id, statement FROM statements WHERE id = ANY($1::uuid[])`, pq.Array(ids)); err != nil {
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

// linkStatements records new statements' related activities and agents
// and applies voiding: a voiding statement marks its target voided, or
// fails with EINVALID if the target is itself a voiding statement; any
// other statement is voided at once if a voiding statement stored earlier
// targets it.
func linkStatements(ctx context.Context, tx *sqlx.Tx, stmts []pending) error {
	var acts, actIDs, agents, relations, agentIDs, voids, others []string
	for _, p := range stmts {
		for _, a := range p.links.Activities {
			acts, actIDs = append(acts, a), append(actIDs, p.id)
		}
		for _, a := range p.links.Agents {
			agents, relations, agentIDs = append(agents, a.IFI), append(relations, string(a.Relation)), append(agentIDs, p.id)
		}
		if p.voids != "" {
			voids = append(voids, p.voids)
		} else {
			others = append(others, p.id)
		}
	}
	if len(acts) > 0 {
		const q = `INSERT INTO statement_activities (activity_id, statement_id)
			SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, pq.Array(acts), pq.Array(actIDs)); err != nil {
			return dbError(err, "link statements to activities")
		}
	}
	if len(agents) > 0 {
		const q = `INSERT INTO statement_agents (agent_ifi, relation, statement_id)
			SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, pq.Array(agents), pq.Array(relations), pq.Array(agentIDs)); err != nil {
			return dbError(err, "link statements to agents")
		}
	}
	if err := void(ctx, tx, stmts, voids); err != nil {
		return err
	}
	if len(others) > 0 {
		const q = `UPDATE statements s SET voided = true WHERE s.id = ANY($1::uuid[])
			AND EXISTS (SELECT 1 FROM statements v WHERE v.ref_id = s.id AND v.verb_id = $2)`
		if _, err := tx.ExecContext(ctx, q, pq.Array(others), voidedVerb); err != nil {
			return dbError(err, "void statements")
		}
	}
	return nil
}

// void marks the targets of voiding statements voided, unless one is a
// voiding statement itself: EINVALID. Targets not stored yet are voided
// when they arrive.
func void(ctx context.Context, tx *sqlx.Tx, stmts []pending, targets []string) error {
	if len(targets) == 0 {
		return nil
	}
	var voiding []string
	const check = `SELECT id FROM statements WHERE id = ANY($1::uuid[]) AND verb_id = $2`
	if err := tx.SelectContext(ctx, &voiding, check, pq.Array(targets), voidedVerb); err != nil {
		return dbError(err, "read voided statements")
	}
	if len(voiding) > 0 {
		for _, p := range stmts {
			if p.voids == voiding[0] {
				return engine.FieldError(fmt.Sprintf("statements[%d].object", p.index), "statement %s is a voiding statement, which cannot be voided", p.voids)
			}
		}
	}
	const q = `UPDATE statements SET voided = true WHERE id = ANY($1::uuid[])`
	if _, err := tx.ExecContext(ctx, q, pq.Array(targets)); err != nil {
		return dbError(err, "void statements")
	}
	return nil
}
