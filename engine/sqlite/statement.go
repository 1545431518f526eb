package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/xapi"
)

// voidedVerb is the verb of a statement that voids another.
const voidedVerb = xapi.VoidedVerb

type statementRow struct {
	Seq          int64          `db:"seq"`
	ID           string         `db:"id"`
	Statement    string         `db:"statement"`
	ActorIFI     string         `db:"actor_ifi"`
	VerbID       string         `db:"verb_id"`
	ObjectID     sql.NullString `db:"object_id"`
	Registration sql.NullString `db:"registration"`
	Stored       int64          `db:"stored"`
	Timestamp    sql.NullInt64  `db:"timestamp"`
	RefID        sql.NullString `db:"ref_id"`
}

// pending is a statement checked and ready to insert.
type pending struct {
	st    *xapi.Statement
	row   statementRow
	links lrs.StatementLinks
	voids string // id of the statement it voids, if it is a voiding statement
}

// pendingStatements checks stmts and makes their rows. EINVALID names the
// statement at fault by its position in the batch.
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
		b, err := json.Marshal(st)
		if err != nil {
			return nil, &engine.Error{Code: engine.EINVALID, Field: field, Message: "cannot be encoded as JSON", Err: err}
		}
		if len(b) > MaxStatementBytes {
			return nil, engine.FieldError(field, "is %d bytes of JSON; the limit is %d bytes", len(b), MaxStatementBytes)
		}
		p := pending{st: st, links: lrs.LinksOf(st), row: statementRow{
			ID: strings.ToLower(st.ID), Statement: string(b), ActorIFI: st.Actor.IFI(), VerbID: st.Verb.ID,
			Stored: nanos(*st.Stored), Timestamp: nullNanos(st.Timestamp),
		}}
		if st.Object.IsActivity() {
			p.row.ObjectID = sql.NullString{String: st.Object.ID, Valid: true}
		}
		if p.links.Ref != "" {
			p.row.RefID = sql.NullString{String: p.links.Ref, Valid: true}
		}
		if st.Context != nil && st.Context.Registration != "" {
			p.row.Registration = sql.NullString{String: strings.ToLower(st.Context.Registration), Valid: true}
		}
		if st.Verb.ID == voidedVerb {
			p.voids = p.links.Ref
		}
		out[i] = p
	}
	return out, nil
}

// StoreStatements stores statements that already have id and stored set, in
// one transaction. A statement whose id is already stored is accepted if it
// is the same statement, ignoring the properties the LRS sets (stored,
// authority, version), and the stored copy is kept; otherwise the batch fails
// with ECONFLICT and nothing of it is stored. EINVALID for a statement
// without a UUID id or stored time, or with a registration that is not a UUID.
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

func storeStatements(ctx context.Context, tx *sqlx.Tx, stmts []pending) error {
	for i, p := range stmts {
		const q = `INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, ref_id)
			VALUES (:id, :statement, :actor_ifi, :verb_id, :object_id, :registration, :stored, :timestamp, :ref_id)
			ON CONFLICT (id) DO NOTHING`
		res, err := tx.NamedExecContext(ctx, q, p.row)
		if err != nil {
			return dbError(err, "store statement "+p.row.ID)
		}
		if n, err := res.RowsAffected(); err != nil {
			return dbError(err, "store statement "+p.row.ID)
		} else if n == 0 {
			if err := sameAsStored(ctx, tx, i, p); err != nil {
				return err
			}
			continue
		}
		if err := linkStatement(ctx, tx, i, p); err != nil {
			return err
		}
	}
	return nil
}

// linkStatement records a new statement's related activities and agents
// and applies voiding: a voiding statement marks its target voided, or
// fails with EINVALID if the target is itself a voiding statement; any
// other statement is voided at once if a voiding statement stored earlier
// targets it.
func linkStatement(ctx context.Context, tx *sqlx.Tx, i int, p pending) error {
	for _, a := range p.links.Activities {
		const q = `INSERT INTO statement_activities (activity_id, statement_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, a, p.row.ID); err != nil {
			return dbError(err, "link statement "+p.row.ID)
		}
	}
	for _, a := range p.links.Agents {
		const q = `INSERT INTO statement_agents (agent_ifi, relation, statement_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, a.IFI, string(a.Relation), p.row.ID); err != nil {
			return dbError(err, "link statement "+p.row.ID)
		}
	}
	if p.voids != "" {
		return void(ctx, tx, i, p)
	}
	const q = `UPDATE statements SET voided = 1 WHERE id = ?
		AND EXISTS (SELECT 1 FROM statements v WHERE v.ref_id = ? AND v.verb_id = ?)`
	if _, err := tx.ExecContext(ctx, q, p.row.ID, p.row.ID, voidedVerb); err != nil {
		return dbError(err, "void statement "+p.row.ID)
	}
	return nil
}

// void marks the target of voiding statement p voided. A target not stored
// yet is voided when it arrives.
func void(ctx context.Context, tx *sqlx.Tx, i int, p pending) error {
	var verb string
	err := tx.GetContext(ctx, &verb, `SELECT verb_id FROM statements WHERE id = ?`, p.voids)
	switch {
	case notFound(err):
		return nil
	case err != nil:
		return dbError(err, "read statement "+p.voids)
	case verb == voidedVerb:
		return engine.FieldError(fmt.Sprintf("statements[%d].object", i), "statement %s is a voiding statement, which cannot be voided", p.voids)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE statements SET voided = 1 WHERE id = ?`, p.voids); err != nil {
		return dbError(err, "void statement "+p.voids)
	}
	return nil
}

// sameAsStored returns ECONFLICT unless the stored statement with p's id is
// the same statement as p.
func sameAsStored(ctx context.Context, tx *sqlx.Tx, i int, p pending) error {
	var stored string
	if err := tx.GetContext(ctx, &stored, `SELECT statement FROM statements WHERE id = ?`, p.row.ID); err != nil {
		return dbError(err, "read statement "+p.row.ID)
	}
	var old xapi.Statement
	if err := json.Unmarshal([]byte(stored), &old); err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "sqlite: stored statement " + p.row.ID + " is not valid", Err: err}
	}
	if !xapi.Equivalent(&old, p.st) {
		return &engine.Error{Code: engine.ECONFLICT, Field: fmt.Sprintf("statements[%d].id", i),
			Message: "statement " + p.st.ID + " already exists with different content"}
	}
	return nil
}
