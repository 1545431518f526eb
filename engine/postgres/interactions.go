package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// RecordInteraction is sqlstore's (which see), with interactions recorded
// at the same time, by different learners, committed together: a quiz
// answer or a checklist tick was one transaction and one WAL flush each,
// like a single statement before group commit (groupcommit.go).
func (db *DB) RecordInteraction(ctx context.Context, st *learning.ObjectState, stmts []xapi.Statement) error {
	return db.RecordTogether(ctx, &db.interactions, st, stmts)
}

// recordAlone records one interaction in its own transaction.
func (db *DB) recordAlone(ctx context.Context, in *sqlstore.Interaction) error {
	return db.StoreInteraction(ctx, in)
}

// recordTogether records interactions in one transaction: their states in
// one UPDATE (and one INSERT for first states), then the statements of
// those whose state was written in one INSERT. An interaction whose state
// was not written (its version changed meanwhile, its registration is
// gone, another in the batch writes the same state) is left to be
// recorded alone, which fails it with the reason or stores it, on its
// own; so is every interaction if the transaction fails before COMMIT
// (a statement in conflict, say). A failed COMMIT is every interaction's
// answer instead: it may have committed, and an interaction recorded
// again would count twice.
func (db *DB) recordTogether(ctx context.Context, ins []*sqlstore.Interaction) []error {
	errs := each(len(ins), errAlone)
	tx, err := db.db.BeginTxx(ctx, nil)
	if err != nil {
		return errs
	}
	defer tx.Rollback()
	written, err := putStates(ctx, tx, ins)
	if err != nil {
		return errs
	}
	var ps []pending
	for i, in := range ins {
		if written[i] {
			ps = append(ps, in.Pending...)
		}
	}
	if len(ps) > 0 {
		if err := db.insertStatements(ctx, tx, ps); err != nil {
			return errs
		}
	}
	if err := tx.Commit(); err != nil {
		return each(len(ins), dbError(err, "commit"))
	}
	for i, in := range ins {
		if written[i] {
			in.Stored()
			errs[i] = nil
		}
	}
	return errs
}

// stateKey is an object state's primary key.
type stateKey struct {
	Reg string `db:"registration_id"`
	Obj string `db:"object_id"`
}

// putStates writes the states of ins, each only if the version it was
// read at is still the stored one (or, for a first state, if there is
// none and its registration exists), and reports which it wrote. Of two
// interactions with the same state, only the first is tried: the second
// is recorded alone after the batch, as if it had come just after.
func putStates(ctx context.Context, tx *sqlx.Tx, ins []*sqlstore.Interaction) ([]bool, error) {
	index := make(map[stateKey]int, len(ins))
	var updates, inserts []*sqlstore.Interaction
	for i, in := range ins {
		k := stateKey{in.Reg, in.State.ObjectID}
		if _, dup := index[k]; dup {
			continue
		}
		index[k] = i
		if in.State.Version == 0 {
			inserts = append(inserts, in)
		} else {
			updates = append(updates, in)
		}
	}
	written := make([]bool, len(ins))
	for _, part := range []struct {
		ins []*sqlstore.Interaction
		sql func(int) string
	}{{updates, updateStatesSQL}, {inserts, insertStatesSQL}} {
		if len(part.ins) == 0 {
			continue
		}
		var got []stateKey
		if err := tx.SelectContext(ctx, &got, part.sql(len(part.ins)), stateArgs(part.ins)...); err != nil {
			return nil, dbError(err, "store object states")
		}
		for _, k := range got {
			written[index[k]] = true
		}
	}
	return written, nil
}

// updateStatesSQL is the UPDATE of n states, each of the version read.
func updateStatesSQL(n int) string {
	return `UPDATE object_states o SET state = v.state, completed = v.completed, success = v.success, scaled = v.scaled,
			version = o.version + 1, updated_at = v.at
		FROM (VALUES ` + stateValues(n) + `) AS v (reg, obj, state, completed, success, scaled, at, version)
		WHERE o.registration_id = v.reg AND o.object_id = v.obj AND o.version = v.version
		RETURNING o.registration_id, o.object_id`
}

// insertStatesSQL is the INSERT of n first states, each of a registration
// that exists and only if no state is stored yet.
func insertStatesSQL(n int) string {
	return `INSERT INTO object_states (registration_id, object_id, state, completed, success, scaled, version, updated_at)
		SELECT v.reg, v.obj, v.state, v.completed, v.success, v.scaled, 1, v.at
		FROM (VALUES ` + stateValues(n) + `) AS v (reg, obj, state, completed, success, scaled, at, version)
		WHERE EXISTS (SELECT 1 FROM registrations r WHERE r.id = v.reg)
		ON CONFLICT DO NOTHING
		RETURNING registration_id, object_id`
}

// stateValues is n rows of the parameters stateArgs gives.
func stateValues(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		k := 8 * i
		fmt.Fprintf(&b, "($%d::uuid, $%d::text, $%d::json, $%d::boolean, $%d::boolean, $%d::float8, $%d::timestamptz, $%d::bigint)",
			k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8)
	}
	return b.String()
}

// stateArgs are the arguments of stateValues(len(ins)).
func stateArgs(ins []*sqlstore.Interaction) []any {
	args := make([]any, 0, 8*len(ins))
	for _, in := range ins {
		st := in.State
		state := sql.NullString{String: string(st.State), Valid: len(st.State) > 0}
		args = append(args, in.Reg, st.ObjectID, state, st.Completed, st.Success, st.Scaled, pgTime(in.At), st.Version)
	}
	return args
}
