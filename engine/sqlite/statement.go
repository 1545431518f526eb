package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/xapi"
)

// voidedVerb is the verb of a statement that voids another.
const voidedVerb = "http://adlnet.gov/expapi/verbs/voided"

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
}

// pending is a statement checked and ready to insert.
type pending struct {
	st         *xapi.Statement
	row        statementRow
	activities []string
	voids      string // id of the statement it voids, if it is a voiding statement
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
		p := pending{st: st, activities: relatedActivities(st), row: statementRow{
			ID: strings.ToLower(st.ID), Statement: string(b), ActorIFI: st.Actor.IFI(), VerbID: st.Verb.ID,
			Stored: nanos(*st.Stored), Timestamp: nullNanos(st.Timestamp),
		}}
		if isActivity(st.Object) {
			p.row.ObjectID = sql.NullString{String: st.Object.ID, Valid: true}
		}
		if st.Context != nil && st.Context.Registration != "" {
			p.row.Registration = sql.NullString{String: strings.ToLower(st.Context.Registration), Valid: true}
		}
		if st.Verb.ID == voidedVerb && st.Object.ObjectType == "StatementRef" {
			p.voids = strings.ToLower(st.Object.ID)
		}
		out[i] = p
	}
	return out, nil
}

func isActivity(o xapi.Object) bool { return o.ObjectType == "" || o.ObjectType == "Activity" }

// relatedActivities returns the ids of the activities a statement is about:
// its object and its context activities, each once.
func relatedActivities(st *xapi.Statement) []string {
	var ids []string
	add := func(o xapi.Object) {
		if isActivity(o) && o.ID != "" && !contains(ids, o.ID) {
			ids = append(ids, o.ID)
		}
	}
	add(st.Object)
	if st.Context != nil && st.Context.ContextActivities != nil {
		ca := st.Context.ContextActivities
		for _, list := range [][]xapi.Object{ca.Parent, ca.Grouping, ca.Category, ca.Other} {
			for _, o := range list {
				add(o)
			}
		}
	}
	return ids
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
		const q = `INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp)
			VALUES (:id, :statement, :actor_ifi, :verb_id, :object_id, :registration, :stored, :timestamp)
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
		if err := linkStatement(ctx, tx, p); err != nil {
			return err
		}
	}
	return nil
}

// linkStatement records a new statement's related activities and, for a
// voiding statement, marks the statement it voids. A voiding statement
// cannot itself be voided.
func linkStatement(ctx context.Context, tx *sqlx.Tx, p pending) error {
	for _, a := range p.activities {
		const q = `INSERT INTO statement_activities (activity_id, statement_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, a, p.row.ID); err != nil {
			return dbError(err, "link statement "+p.row.ID)
		}
	}
	if p.voids != "" {
		const q = `UPDATE statements SET voided = 1 WHERE id = ? AND verb_id <> ?`
		if _, err := tx.ExecContext(ctx, q, p.voids, voidedVerb); err != nil {
			return dbError(err, "void statement "+p.voids)
		}
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
	if !sameStatement(&old, p.st) {
		return &engine.Error{Code: engine.ECONFLICT, Field: fmt.Sprintf("statements[%d].id", i),
			Message: "statement " + p.st.ID + " already exists with different content"}
	}
	return nil
}

// sameStatement reports whether a and b are the same statement as xAPI
// compares them: ignoring the properties the LRS sets (stored, authority,
// version), the case of the id, the order of JSON keys and the time zone of
// the timestamp.
func sameStatement(a, b *xapi.Statement) bool {
	va, okA := comparisonValue(*a)
	vb, okB := comparisonValue(*b)
	return okA && okB && reflect.DeepEqual(va, vb)
}

func comparisonValue(st xapi.Statement) (any, bool) {
	st.ID = strings.ToLower(st.ID)
	st.Stored, st.Authority, st.Version = nil, nil, ""
	if st.Timestamp != nil {
		ts := st.Timestamp.UTC()
		st.Timestamp = &ts
	}
	b, err := json.Marshal(st)
	if err != nil {
		return nil, false
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, false
	}
	return v, true
}
