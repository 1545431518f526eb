package postgres

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
	ID            string       `db:"id"`
	LearnerID     string       `db:"learner_id"`
	ModuleID      string       `db:"module_id"`
	CurrentObject string       `db:"current_object"`
	StartedAt     time.Time    `db:"started_at"`
	UpdatedAt     time.Time    `db:"updated_at"`
	CompletedAt   sql.NullTime `db:"completed_at"`
}

func (r *registrationRow) registration() *learning.Registration {
	return &learning.Registration{ID: r.ID, LearnerID: r.LearnerID, ModuleID: r.ModuleID,
		CurrentObject: r.CurrentObject, StartedAt: r.StartedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		CompletedAt: fromNullTime(r.CompletedAt)}
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
	if got, err := db.findRegistration(ctx, db.db, r.LearnerID, r.ModuleID); err == nil || engine.ErrorCode(err) != engine.ENOTFOUND {
		return got, err
	}
	if err := learnerExists(ctx, db.db, r.LearnerID); err != nil {
		return nil, err
	}
	id := strings.ToLower(r.ID)
	if id == "" {
		id = uuid.NewString()
	}
	at := pgTime(r.StartedAt)
	if r.StartedAt.IsZero() {
		at = db.stamp()
	}
	// A concurrent insert of the same learner and module waits for the
	// first to commit, then does nothing; the select below sees the winner.
	const q = `INSERT INTO registrations (id, learner_id, module_id, current_object, started_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING`
	if _, err := db.db.ExecContext(ctx, q, id, r.LearnerID, r.ModuleID, r.CurrentObject, at); err != nil {
		return nil, dbError(err, "create registration")
	}
	got, err := db.findRegistration(ctx, db.db, r.LearnerID, r.ModuleID)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return nil, engine.Errorf(engine.ECONFLICT, "registration id %s is taken by another registration", id)
	}
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
	if err := sqlx.GetContext(ctx, q, &ok, `SELECT EXISTS (SELECT 1 FROM learners WHERE id = $1)`, id); err != nil {
		return dbError(err, "read learner "+id)
	} else if !ok {
		return engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	}
	return nil
}

func (db *DB) findRegistration(ctx context.Context, q sqlx.QueryerContext, learnerID, moduleID string) (*learning.Registration, error) {
	var row registrationRow
	const sel = `SELECT ` + registrationColumns + ` FROM registrations WHERE learner_id = $1 AND module_id = $2`
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
	return db.findRegistration(ctx, db.db, learnerID, moduleID)
}

// SetCurrentObject records the object the learner is on, for resuming;
// ENOTFOUND if the registration does not exist.
func (db *DB) SetCurrentObject(ctx context.Context, registrationID, objectID string) error {
	if objectID == "" {
		return engine.FieldError("object_id", "is empty")
	}
	if !xapi.IsUUID(registrationID) {
		return engine.Errorf(engine.ENOTFOUND, "registration %s not found", registrationID)
	}
	const q = `UPDATE registrations SET current_object = $1, updated_at = $2 WHERE id = $3`
	res, err := db.db.ExecContext(ctx, q, objectID, db.stamp(), registrationID)
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
// it did. Of two at once, the second waits for the first's row lock and
// then finds the registration completed. ENOTFOUND if the registration
// does not exist.
func (db *DB) CompleteRegistration(ctx context.Context, registrationID string, t time.Time, stmts []xapi.Statement) (bool, error) {
	if !xapi.IsUUID(registrationID) {
		return false, engine.Errorf(engine.ENOTFOUND, "registration %s not found", registrationID)
	}
	pending, err := pendingStatements(stmts)
	if err != nil {
		return false, err
	}
	var won bool
	err = db.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `UPDATE registrations SET completed_at = $1, updated_at = $2 WHERE id = $3 AND completed_at IS NULL`
		res, err := tx.ExecContext(ctx, q, pgTime(t), db.stamp(), registrationID)
		if err != nil {
			return dbError(err, "complete registration "+registrationID)
		}
		if n, err := res.RowsAffected(); err != nil {
			return dbError(err, "complete registration "+registrationID)
		} else if n == 0 {
			return registrationExists(ctx, tx, registrationID)
		}
		won = true
		return db.storeStatements(ctx, tx, pending)
	})
	return won && err == nil, err
}

func registrationExists(ctx context.Context, q sqlx.QueryerContext, id string) error {
	var ok bool
	if !xapi.IsUUID(id) {
		return engine.Errorf(engine.ENOTFOUND, "registration %s not found", id)
	}
	if err := sqlx.GetContext(ctx, q, &ok, `SELECT EXISTS (SELECT 1 FROM registrations WHERE id = $1)`, id); err != nil {
		return dbError(err, "read registration "+id)
	} else if !ok {
		return engine.Errorf(engine.ENOTFOUND, "registration %s not found", id)
	}
	return nil
}
