package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/xapi"
)

type objectStateRow struct {
	RegistrationID string          `db:"registration_id"`
	ObjectID       string          `db:"object_id"`
	State          sql.NullString  `db:"state"`
	Completed      bool            `db:"completed"`
	Success        sql.NullBool    `db:"success"`
	Scaled         sql.NullFloat64 `db:"scaled"`
	Version        int64           `db:"version"`
	UpdatedAt      int64           `db:"updated_at"`
}

func (r *objectStateRow) objectState() learning.ObjectState {
	s := learning.ObjectState{RegistrationID: r.RegistrationID, ObjectID: r.ObjectID, Completed: r.Completed,
		Version: r.Version, UpdatedAt: fromNanos(r.UpdatedAt)}
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
func (db *DB) ObjectStates(ctx context.Context, registrationID string) ([]learning.ObjectState, error) {
	var rows []objectStateRow
	const q = `SELECT ` + objectStateColumns + ` FROM object_states WHERE registration_id = ? ORDER BY object_id`
	if err := db.read.SelectContext(ctx, &rows, q, strings.ToLower(registrationID)); err != nil {
		return nil, dbError(err, "read object states of registration "+registrationID)
	}
	out := make([]learning.ObjectState, len(rows))
	for i := range rows {
		out[i] = rows[i].objectState()
	}
	return out, nil
}

// RecordInteraction stores an object's new state and the statements the
// interaction produced in one transaction: all or nothing. s.Version must be
// the version read (0 if none): ECONFLICT if it changed meanwhile, or if a
// statement conflicts (see StoreStatements). On success s.Version is the new
// version and s.UpdatedAt the time stored. ENOTFOUND if the registration
// does not exist; EINVALID for a missing object id, state that is not JSON or
// an invalid statement.
func (db *DB) RecordInteraction(ctx context.Context, s *learning.ObjectState, stmts []xapi.Statement) error {
	if err := checkObjectState(s); err != nil {
		return err
	}
	pending, err := pendingStatements(stmts)
	if err != nil {
		return err
	}
	at := nanos(db.now())
	err = db.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := putObjectState(ctx, tx, s, at); err != nil {
			return err
		}
		return storeStatements(ctx, tx, pending)
	})
	if err != nil {
		return err
	}
	s.RegistrationID = strings.ToLower(s.RegistrationID)
	s.Version++
	s.UpdatedAt = fromNanos(at)
	return nil
}

func checkObjectState(s *learning.ObjectState) error {
	switch {
	case s.RegistrationID == "":
		return engine.FieldError("registration_id", "is empty")
	case s.ObjectID == "":
		return engine.FieldError("object_id", "is empty")
	case len(s.State) > MaxStateBytes:
		return engine.FieldError("state", "is %d bytes; the limit is %d bytes", len(s.State), MaxStateBytes)
	case len(s.State) > 0 && !json.Valid(s.State):
		return engine.FieldError("state", "is not valid JSON")
	case s.Version < 0:
		return engine.FieldError("version", "%d is negative", s.Version)
	}
	return nil
}

// putObjectState inserts the first version of a state or updates the version
// the caller read, failing with ECONFLICT if that is no longer the stored one.
func putObjectState(ctx context.Context, tx *sqlx.Tx, s *learning.ObjectState, at int64) error {
	reg := strings.ToLower(s.RegistrationID)
	state := sql.NullString{String: string(s.State), Valid: len(s.State) > 0}
	var res sql.Result
	var err error
	if s.Version == 0 {
		if err := registrationExists(ctx, tx, reg); err != nil {
			return err
		}
		const q = `INSERT INTO object_states (` + objectStateColumns + `) VALUES (?, ?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT DO NOTHING`
		res, err = tx.ExecContext(ctx, q, reg, s.ObjectID, state, s.Completed, s.Success, s.Scaled, at)
	} else {
		const q = `UPDATE object_states SET state = ?, completed = ?, success = ?, scaled = ?, version = version + 1, updated_at = ?
			WHERE registration_id = ? AND object_id = ? AND version = ?`
		res, err = tx.ExecContext(ctx, q, state, s.Completed, s.Success, s.Scaled, at, reg, s.ObjectID, s.Version)
	}
	if err != nil {
		return dbError(err, "store object state")
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "store object state")
	} else if n == 1 {
		return nil
	}
	if err := registrationExists(ctx, tx, reg); err != nil {
		return err
	}
	return &engine.Error{Code: engine.ECONFLICT, Field: "version", Message: "the state of object " + s.ObjectID +
		" changed since it was read (another tab or device): read it again"}
}
