package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

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
	UpdatedAt      time.Time       `db:"updated_at"`
}

func (r *objectStateRow) objectState() learning.ObjectState {
	s := learning.ObjectState{RegistrationID: r.RegistrationID, ObjectID: r.ObjectID, Completed: r.Completed,
		Version: r.Version, UpdatedAt: r.UpdatedAt.UTC()}
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
	if !xapi.IsUUID(registrationID) {
		return []learning.ObjectState{}, nil
	}
	var rows []objectStateRow
	const q = `SELECT ` + objectStateColumns + ` FROM object_states WHERE registration_id = $1 ORDER BY object_id`
	if err := db.db.SelectContext(ctx, &rows, q, registrationID); err != nil {
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
// an invalid statement; EUNAVAILABLE, with nothing stored, if the database
// cannot be reached.
func (db *DB) RecordInteraction(ctx context.Context, s *learning.ObjectState, stmts []xapi.Statement) error {
	if err := checkObjectState(s); err != nil {
		return err
	}
	if !xapi.IsUUID(s.RegistrationID) {
		return engine.Errorf(engine.ENOTFOUND, "registration %s not found", s.RegistrationID)
	}
	pending, err := pendingStatements(stmts)
	if err != nil {
		return err
	}
	at := db.stamp()
	err = db.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.putObjectState(ctx, tx, s, at); err != nil {
			return err
		}
		return db.storeStatements(ctx, tx, pending)
	})
	if err != nil {
		return err
	}
	s.RegistrationID = strings.ToLower(s.RegistrationID)
	s.Version++
	s.UpdatedAt = at
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

const updateStateSQL = `UPDATE object_states SET state = $1, completed = $2, success = $3, scaled = $4, version = version + 1, updated_at = $5
	WHERE registration_id = $6 AND object_id = $7 AND version = $8`

// putObjectState inserts the first version of a state or updates the version
// the caller read, failing with ECONFLICT if that is no longer the stored
// one. A concurrent writer of the same row waits for this transaction and
// then finds the version changed.
func (db *DB) putObjectState(ctx context.Context, tx *sqlx.Tx, s *learning.ObjectState, at time.Time) error {
	state := sql.NullString{String: string(s.State), Valid: len(s.State) > 0}
	var res sql.Result
	var err error
	if s.Version == 0 {
		if err := registrationExists(ctx, tx, s.RegistrationID); err != nil {
			return err
		}
		const q = `INSERT INTO object_states (` + objectStateColumns + `) VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
			ON CONFLICT DO NOTHING`
		res, err = tx.ExecContext(ctx, q, s.RegistrationID, s.ObjectID, state, s.Completed, s.Success, s.Scaled, at)
	} else {
		// Every interaction after the first: prepared.
		res, err = db.execPrepared(ctx, tx, updateStateSQL, state, s.Completed, s.Success, s.Scaled, at, s.RegistrationID, s.ObjectID, s.Version)
	}
	if err != nil {
		return dbError(err, "store object state")
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "store object state")
	} else if n == 1 {
		return nil
	}
	if err := registrationExists(ctx, tx, s.RegistrationID); err != nil {
		return err
	}
	return &engine.Error{Code: engine.ECONFLICT, Field: "version", Message: "the state of object " + s.ObjectID +
		" changed since it was read (another tab or device): read it again"}
}
