package sqlite

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// insertStatements inserts statements one by one: SQLite runs in process,
// so a statement costs no round trip.
func insertStatements(ctx context.Context, tx *sqlx.Tx, stmts []sqlstore.Pending) error {
	for _, p := range stmts {
		const q = `INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, ref_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`
		res, err := tx.ExecContext(ctx, q, p.ID, p.Doc, p.Actor, p.Verb, orNull(p.Object), orNull(p.Reg),
			nanos(p.Stored), nullNanos(p.Timestamp), orNull(p.Ref))
		if err != nil {
			return dbError(err, "store statement "+p.ID)
		}
		if n, err := res.RowsAffected(); err != nil {
			return dbError(err, "store statement "+p.ID)
		} else if n == 0 {
			if err := sameAsStored(ctx, tx, p); err != nil {
				return err
			}
			continue
		}
		if err := linkStatement(ctx, tx, p); err != nil {
			return err
		}
	}
	return nil
}

// orNull is s, or NULL if it is empty.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// linkStatement records a new statement's related activities and agents
// and applies voiding: a voiding statement marks its target voided, or
// fails with EINVALID if the target is itself a voiding statement; any
// other statement is voided at once if a voiding statement stored earlier
// targets it.
func linkStatement(ctx context.Context, tx *sqlx.Tx, p sqlstore.Pending) error {
	for _, a := range p.Links.Activities {
		const q = `INSERT INTO statement_activities (activity_id, statement_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, a, p.ID); err != nil {
			return dbError(err, "link statement "+p.ID)
		}
	}
	for _, a := range p.Links.Agents {
		const q = `INSERT INTO statement_agents (agent_ifi, relation, statement_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, a.IFI, string(a.Relation), p.ID); err != nil {
			return dbError(err, "link statement "+p.ID)
		}
	}
	if p.Voids != "" {
		return void(ctx, tx, p)
	}
	const q = `UPDATE statements SET voided = 1 WHERE id = ?
		AND EXISTS (SELECT 1 FROM statements v WHERE v.ref_id = ? AND v.verb_id = ?)`
	if _, err := tx.ExecContext(ctx, q, p.ID, p.ID, xapi.VoidedVerb); err != nil {
		return dbError(err, "void statement "+p.ID)
	}
	return nil
}

// void marks the target of voiding statement p voided. A target not stored
// yet is voided when it arrives.
func void(ctx context.Context, tx *sqlx.Tx, p sqlstore.Pending) error {
	var verb string
	err := tx.GetContext(ctx, &verb, `SELECT verb_id FROM statements WHERE id = ?`, p.Voids)
	switch {
	case sqlstore.NotFound(err):
		return nil
	case err != nil:
		return dbError(err, "read statement "+p.Voids)
	case verb == xapi.VoidedVerb:
		return sqlstore.VoidingError(p)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE statements SET voided = 1 WHERE id = ?`, p.Voids); err != nil {
		return dbError(err, "void statement "+p.Voids)
	}
	return nil
}

// sameAsStored returns ECONFLICT unless the stored statement with p's id is
// the same statement as p.
func sameAsStored(ctx context.Context, tx *sqlx.Tx, p sqlstore.Pending) error {
	var doc string
	if err := tx.GetContext(ctx, &doc, `SELECT statement FROM statements WHERE id = ?`, p.ID); err != nil {
		return dbError(err, "read statement "+p.ID)
	}
	old, err := sqlstore.DecodeStatement(doc)
	if err != nil {
		return err
	}
	if !xapi.Equivalent(old, p.St) {
		return sqlstore.ConflictError(p)
	}
	return nil
}
