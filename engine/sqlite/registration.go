package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/xapi"
)

type registrationRow struct {
	ID            string        `db:"id"`
	LearnerID     string        `db:"learner_id"`
	ModuleID      string        `db:"module_id"`
	CurrentObject string        `db:"current_object"`
	StartedAt     int64         `db:"started_at"`
	UpdatedAt     int64         `db:"updated_at"`
	CompletedAt   sql.NullInt64 `db:"completed_at"`
}

func (r *registrationRow) registration() *learning.Registration {
	return &learning.Registration{ID: r.ID, LearnerID: r.LearnerID, ModuleID: r.ModuleID,
		CurrentObject: r.CurrentObject, StartedAt: fromNanos(r.StartedAt), UpdatedAt: fromNanos(r.UpdatedAt),
		CompletedAt: fromNullNanos(r.CompletedAt)}
}

const registrationColumns = `id, learner_id, module_id, current_object, started_at, updated_at, completed_at`

// EnsureRegistration returns the learner's registration for the module,
// creating it from r if there is none: with r.ID, or a new UUID if r.ID is
// empty, and StartedAt now unless given. Concurrent callers get the same
// registration. It returns EINVALID for a missing learner or module id or an
// id that is not a UUID, ENOTFOUND if the learner does not exist, and
// ECONFLICT if r.ID belongs to another registration.
func (db *DB) EnsureRegistration(ctx context.Context, r *learning.Registration) (*learning.Registration, error) {
	if err := checkNewRegistration(r); err != nil {
		return nil, err
	}
	// Most calls find the registration: look without taking the write lock.
	if got, err := db.findRegistration(ctx, db.read, r.LearnerID, r.ModuleID); err == nil || engine.ErrorCode(err) != engine.ENOTFOUND {
		return got, err
	}
	id := strings.ToLower(r.ID)
	if id == "" {
		id = uuid.NewString()
	}
	at := r.StartedAt
	if at.IsZero() {
		at = db.now()
	}
	var got *learning.Registration
	err := db.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := learnerExists(ctx, tx, r.LearnerID); err != nil {
			return err
		}
		const q = `INSERT INTO registrations (id, learner_id, module_id, current_object, started_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, id, r.LearnerID, r.ModuleID, r.CurrentObject, nanos(at), nanos(at)); err != nil {
			return dbError(err, "create registration")
		}
		var err error
		got, err = db.findRegistration(ctx, tx, r.LearnerID, r.ModuleID)
		if engine.ErrorCode(err) == engine.ENOTFOUND {
			return engine.Errorf(engine.ECONFLICT, "registration id %s is taken by another registration", id)
		}
		return err
	})
	return got, err
}

func checkNewRegistration(r *learning.Registration) error {
	switch {
	case r.LearnerID == "":
		return engine.FieldError("learner_id", "a registration needs a learner")
	case r.ModuleID == "":
		return engine.FieldError("module_id", "a registration needs a module")
	case r.ID != "" && !xapi.IsUUID(r.ID):
		return engine.FieldError("id", "%q is not a UUID", r.ID)
	}
	return nil
}

func learnerExists(ctx context.Context, q sqlx.QueryerContext, id string) error {
	var ok bool
	if err := sqlx.GetContext(ctx, q, &ok, `SELECT EXISTS (SELECT 1 FROM learners WHERE id = ?)`, id); err != nil {
		return dbError(err, "read learner "+id)
	} else if !ok {
		return engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	}
	return nil
}

func (db *DB) findRegistration(ctx context.Context, q sqlx.QueryerContext, learnerID, moduleID string) (*learning.Registration, error) {
	var row registrationRow
	const sel = `SELECT ` + registrationColumns + ` FROM registrations WHERE learner_id = ? AND module_id = ?`
	if err := sqlx.GetContext(ctx, q, &row, sel, learnerID, moduleID); notFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "learner %s has no registration for module %s", learnerID, moduleID)
	} else if err != nil {
		return nil, dbError(err, "read registration")
	}
	return row.registration(), nil
}

// FindRegistration returns the learner's registration for a module;
// ENOTFOUND if there is none. It never creates one.
func (db *DB) FindRegistration(ctx context.Context, learnerID, moduleID string) (*learning.Registration, error) {
	return db.findRegistration(ctx, db.read, learnerID, moduleID)
}

// SetCurrentObject records the object the learner is on, for resuming;
// ENOTFOUND if the registration does not exist.
func (db *DB) SetCurrentObject(ctx context.Context, registrationID, objectID string) error {
	if objectID == "" {
		return engine.FieldError("object_id", "is empty")
	}
	const q = `UPDATE registrations SET current_object = ?, updated_at = ? WHERE id = ?`
	res, err := db.write.ExecContext(ctx, q, objectID, nanos(db.now()), strings.ToLower(registrationID))
	if err != nil {
		return dbError(err, "update registration "+registrationID)
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "update registration "+registrationID)
	} else if n == 0 {
		return engine.Errorf(engine.ENOTFOUND, "registration %s not found", registrationID)
	}
	return nil
}

// CompleteRegistration marks the registration completed at t and stores
// stmts, in one transaction, if it is not completed yet; it reports whether
// it did (SQLite runs one writing transaction at a time). ENOTFOUND if the
// registration does not exist.
func (db *DB) CompleteRegistration(ctx context.Context, registrationID string, t time.Time, stmts []xapi.Statement) (bool, error) {
	id := strings.ToLower(registrationID)
	pending, err := pendingStatements(stmts)
	if err != nil {
		return false, err
	}
	var won bool
	err = db.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `UPDATE registrations SET completed_at = ?, updated_at = ? WHERE id = ? AND completed_at IS NULL`
		res, err := tx.ExecContext(ctx, q, nanos(t), nanos(db.now()), id)
		if err != nil {
			return dbError(err, "complete registration "+registrationID)
		}
		if n, err := res.RowsAffected(); err != nil {
			return dbError(err, "complete registration "+registrationID)
		} else if n == 0 {
			return registrationExists(ctx, tx, id)
		}
		won = true
		return storeStatements(ctx, tx, pending)
	})
	return won && err == nil, err
}

func registrationExists(ctx context.Context, q sqlx.QueryerContext, id string) error {
	var ok bool
	if err := sqlx.GetContext(ctx, q, &ok, `SELECT EXISTS (SELECT 1 FROM registrations WHERE id = ?)`, id); err != nil {
		return dbError(err, "read registration "+id)
	} else if !ok {
		return engine.Errorf(engine.ENOTFOUND, "registration %s not found", id)
	}
	return nil
}
