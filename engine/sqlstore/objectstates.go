package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

type objectStateRow struct {
	RegistrationID string          `db:"registration_id"`
	ObjectID       string          `db:"object_id"`
	State          sql.NullString  `db:"state"`
	Completed      bool            `db:"completed"`
	Success        sql.NullBool    `db:"success"`
	Scaled         sql.NullFloat64 `db:"scaled"`
	Version        int64           `db:"version"`
	UpdatedAt      Time            `db:"updated_at"`
}

func (r *objectStateRow) objectState() learning.ObjectState {
	s := learning.ObjectState{RegistrationID: r.RegistrationID, ObjectID: r.ObjectID, Completed: r.Completed,
		Version: r.Version, UpdatedAt: r.UpdatedAt.Time}
	if r.State.Valid {
		s.State = json.RawMessage(r.State.String)
	}
	if r.Success.Valid {
		s.Success = &r.Success.Bool
	}
	if r.Scaled.Valid {
		s.Scaled = &r.Scaled.Float64
	}
	return s
}

const objectStateColumns = `registration_id, object_id, state, completed, success, scaled, version, updated_at`

// ObjectStates returns every stored object state of a registration, by
// object id; none for an unknown registration.
func (s *Store) ObjectStates(ctx context.Context, registrationID string) ([]learning.ObjectState, error) {
	id, ok := storedRegistrationID(registrationID)
	if !ok {
		return []learning.ObjectState{}, nil
	}
	var rows []objectStateRow
	const q = `SELECT ` + objectStateColumns + ` FROM object_states WHERE registration_id = ? ORDER BY object_id`
	if err := s.readSelect(ctx, &rows, q, id); err != nil {
		return nil, s.d.Error(err, "read object states of registration "+id)
	}
	out := make([]learning.ObjectState, len(rows))
	for i := range rows {
		out[i] = rows[i].objectState()
	}
	return out, nil
}

// RecordInteraction stores an object's new state and the statements the
// interaction produced in one transaction: all or nothing. s.Version must be
// the version read (0 if none): learning.StateConflict if it changed
// meanwhile, ECONFLICT if a statement conflicts (see StoreStatements). On
// success st.Version is the new version and st.UpdatedAt the time stored.
// ENOTFOUND if the registration does not exist; EINVALID if st or a
// statement is not valid; EUNAVAILABLE, with nothing stored, if the
// database cannot be reached.
func (s *Store) RecordInteraction(ctx context.Context, st *learning.ObjectState, stmts []xapi.Statement) error {
	in, err := s.CheckInteraction(st, stmts)
	if err != nil {
		return err
	}
	return s.StoreInteraction(ctx, in)
}

// RecordTogether is RecordInteraction through c, which may commit the
// interaction with others recorded at the same time.
func (s *Store) RecordTogether(ctx context.Context, c *Committer[*Interaction], st *learning.ObjectState, stmts []xapi.Statement) error {
	in, err := s.CheckInteraction(st, stmts)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return s.d.Error(err, "record an interaction")
	}
	return c.Store(in)
}

// Interaction is what RecordInteraction is given, checked and ready to
// store, so that a database can commit several together (engine/postgres,
// engine/sqlite).
type Interaction struct {
	State   *learning.ObjectState
	Reg     string    // the registration's id as stored
	Pending []Pending // the interaction's statements
	At      time.Time // the state's updated_at
}

// CheckInteraction checks st and stmts as RecordInteraction does: EINVALID
// if one is not valid, ENOTFOUND if the registration id cannot exist.
func (s *Store) CheckInteraction(st *learning.ObjectState, stmts []xapi.Statement) (*Interaction, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}
	id, ok := storedRegistrationID(st.RegistrationID)
	if !ok {
		return nil, registrationNotFound(st.RegistrationID)
	}
	pending, err := PendingStatements(stmts)
	if err != nil {
		return nil, err
	}
	return &Interaction{State: st, Reg: id, Pending: pending, At: s.stamp()}, nil
}

// StoreInteraction stores in alone, in its own transaction, with the
// results RecordInteraction gives.
func (s *Store) StoreInteraction(ctx context.Context, in *Interaction) error {
	if err := s.withTx(ctx, func(tx *sqlx.Tx) error { return s.WriteInteraction(ctx, tx, in) }); err != nil {
		return err
	}
	in.Stored()
	return nil
}

// WriteInteraction writes in's state and statements in tx, with the
// errors StoreInteraction gives; the caller calls in.Stored once tx has
// committed.
func (s *Store) WriteInteraction(ctx context.Context, tx *sqlx.Tx, in *Interaction) error {
	if err := s.putObjectState(ctx, tx, in.Reg, in.State, in.At); err != nil {
		return err
	}
	return s.d.InsertStatements(ctx, tx, in.Pending)
}

// Stored updates the state's version and time to those now stored.
func (in *Interaction) Stored() {
	in.State.RegistrationID = in.Reg
	in.State.Version++
	in.State.UpdatedAt = in.At
}

// putObjectState inserts the first version of a state or updates the
// version the caller read, failing with learning.StateConflict if that is
// no longer the stored one. A concurrent writer of the same row waits for
// this transaction and then finds the version changed.
func (s *Store) putObjectState(ctx context.Context, tx *sqlx.Tx, reg string, st *learning.ObjectState, at time.Time) error {
	state := sql.NullString{String: string(st.State), Valid: len(st.State) > 0}
	var res sql.Result
	var err error
	if st.Version == 0 {
		if err := s.registrationExists(ctx, tx, reg); err != nil {
			return err
		}
		const q = `INSERT INTO object_states (` + objectStateColumns + `) VALUES (?, ?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT DO NOTHING`
		res, err = tx.ExecContext(ctx, tx.Rebind(q), reg, st.ObjectID, state, st.Completed, st.Success, st.Scaled, s.d.Time(at))
	} else {
		const q = `UPDATE object_states SET state = ?, completed = ?, success = ?, scaled = ?, version = version + 1, updated_at = ?
			WHERE registration_id = ? AND object_id = ? AND version = ?`
		res, err = tx.ExecContext(ctx, tx.Rebind(q), state, st.Completed, st.Success, st.Scaled, s.d.Time(at), reg, st.ObjectID, st.Version)
	}
	if err != nil {
		return s.d.Error(err, "store object state")
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.d.Error(err, "store object state")
	} else if n == 1 {
		return nil
	}
	if err := s.registrationExists(ctx, tx, reg); err != nil {
		return err
	}
	return learning.StateConflict(reg, st.ObjectID)
}
