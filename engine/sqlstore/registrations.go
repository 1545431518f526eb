package sqlstore

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

type registrationRow struct {
	ID            string   `db:"id"`
	LearnerID     string   `db:"learner_id"`
	ModuleID      string   `db:"module_id"`
	CurrentObject string   `db:"current_object"`
	StartedAt     Time     `db:"started_at"`
	UpdatedAt     Time     `db:"updated_at"`
	CompletedAt   NullTime `db:"completed_at"`
	StartedVer    string   `db:"started_version"`
	CompletedVer  string   `db:"completed_version"`
	FailedAt      NullTime `db:"failed_at"`
}

func (r *registrationRow) registration() *learning.Registration {
	return &learning.Registration{ID: r.ID, LearnerID: r.LearnerID, ModuleID: r.ModuleID,
		CurrentObject: r.CurrentObject, StartedAt: r.StartedAt.Time, UpdatedAt: r.UpdatedAt.Time,
		CompletedAt: r.CompletedAt.T, StartedVersion: r.StartedVer, CompletedVersion: r.CompletedVer, FailedAt: r.FailedAt.T}
}

const registrationColumns = `id, learner_id, module_id, current_object, started_at, updated_at, completed_at,
	started_version, completed_version, failed_at`

// storedRegistrationID is the form registration ids are stored in, and whether
// id can be one: a UUID, in lower case. An id that cannot is not found,
// rather than invalid, on every database.
func storedRegistrationID(id string) (string, bool) {
	return strings.ToLower(id), xapi.IsUUID(id)
}

func registrationNotFound(id string) error {
	return engine.Errorf(engine.ENOTFOUND, "registration %s not found", id)
}

// EnsureRegistration returns the learner's registration for the module,
// creating it from r if there is none: with r.ID, or a new UUID if r.ID is
// empty, and StartedAt now unless given. Concurrent callers get the same
// registration. EINVALID if r is not valid, ENOTFOUND if the learner does
// not exist, ECONFLICT if r.ID belongs to another registration.
func (s *Store) EnsureRegistration(ctx context.Context, r *learning.Registration) (*learning.Registration, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	// Most calls find the registration: look without writing.
	if got, err := s.findRegistration(ctx, s.read, r.LearnerID, r.ModuleID); err == nil || engine.ErrorCode(err) != engine.ENOTFOUND {
		return got, err
	}
	id := strings.ToLower(r.ID)
	if id == "" {
		id = uuid.NewString()
	}
	at := Round(r.StartedAt)
	if r.StartedAt.IsZero() {
		at = s.stamp()
	}
	var got *learning.Registration
	err := s.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.learnerExists(ctx, tx, r.LearnerID); err != nil {
			return err
		}
		// A concurrent insert of the same learner and module waits for the
		// first to commit, then does nothing; the select below sees the
		// winner.
		const q = `INSERT INTO registrations (id, learner_id, module_id, current_object, started_at, updated_at, started_version)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), id, r.LearnerID, r.ModuleID, r.CurrentObject, s.d.Time(at), s.d.Time(at), r.StartedVersion); err != nil {
			return s.d.Error(err, "create registration")
		}
		var err error
		got, err = s.findRegistration(ctx, tx, r.LearnerID, r.ModuleID)
		if engine.ErrorCode(err) == engine.ENOTFOUND {
			return engine.Errorf(engine.ECONFLICT, "registration id %s is taken by another registration", id)
		}
		return err
	})
	return got, err
}

func (s *Store) learnerExists(ctx context.Context, q queryer, id string) error {
	var ok bool
	if err := q.GetContext(ctx, &ok, q.Rebind(`SELECT EXISTS (SELECT 1 FROM learners WHERE id = ?)`), id); err != nil {
		return s.d.Error(err, "read learner "+id)
	} else if !ok {
		return engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	}
	return nil
}

func (s *Store) findRegistration(ctx context.Context, q queryer, learnerID, moduleID string) (*learning.Registration, error) {
	var row registrationRow
	const sel = `SELECT ` + registrationColumns + ` FROM registrations WHERE learner_id = ? AND module_id = ?`
	if err := s.getOn(ctx, q, &row, sel, learnerID, moduleID); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "learner %s has no registration for module %s", learnerID, moduleID)
	} else if err != nil {
		return nil, s.d.Error(err, "read registration")
	}
	return row.registration(), nil
}

// FindRegistration returns the learner's registration for a module;
// ENOTFOUND if there is none. It never creates one.
func (s *Store) FindRegistration(ctx context.Context, learnerID, moduleID string) (*learning.Registration, error) {
	return s.findRegistration(ctx, s.read, learnerID, moduleID)
}

// SetCurrentObject records the object the learner is on, for resuming;
// ENOTFOUND if the registration does not exist.
func (s *Store) SetCurrentObject(ctx context.Context, registrationID, objectID string) error {
	id, ok := storedRegistrationID(registrationID)
	if !ok {
		return registrationNotFound(registrationID)
	}
	const q = `UPDATE registrations SET current_object = ?, updated_at = ? WHERE id = ?`
	res, err := s.write.ExecContext(ctx, s.write.Rebind(q), objectID, s.d.Time(s.stamp()), id)
	if err != nil {
		return s.d.Error(err, "update registration "+id)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.d.Error(err, "update registration "+id)
	} else if n == 0 {
		return registrationNotFound(registrationID)
	}
	return nil
}

// CompleteRegistration ends the registration as end says (completed at
// end.At with end.Version, or failed) and stores stmts, in one transaction,
// if it has not ended yet; it reports whether it did. Of two at once, the
// second waits for the first's write and then finds the registration
// ended. ENOTFOUND if the registration does not exist; EINVALID if a
// statement is not ready to store.
func (s *Store) CompleteRegistration(ctx context.Context, registrationID string, end learning.RegistrationEnd, stmts []xapi.Statement) (bool, error) {
	id, ok := storedRegistrationID(registrationID)
	if !ok {
		return false, registrationNotFound(registrationID)
	}
	pending, err := PendingStatements(stmts)
	if err != nil {
		return false, err
	}
	q := `UPDATE registrations SET completed_at = ?, completed_version = ?, updated_at = ?
		WHERE id = ? AND completed_at IS NULL AND failed_at IS NULL`
	args := []any{s.d.Time(Round(end.At)), end.Version, s.d.Time(s.stamp()), id}
	if end.Failed {
		q = `UPDATE registrations SET failed_at = ?, updated_at = ?
			WHERE id = ? AND completed_at IS NULL AND failed_at IS NULL`
		args = []any{s.d.Time(Round(end.At)), s.d.Time(s.stamp()), id}
	}
	var won bool
	err = s.withTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(q), args...)
		if err != nil {
			return s.d.Error(err, "end registration "+id)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.d.Error(err, "end registration "+id)
		} else if n == 0 {
			return s.registrationExists(ctx, tx, id)
		}
		won = true
		return s.d.InsertStatements(ctx, tx, pending)
	})
	return won && err == nil, err
}

// registrationExists is nil if registration id (as storedRegistrationID made
// it) exists, ENOTFOUND otherwise.
func (s *Store) registrationExists(ctx context.Context, q queryer, id string) error {
	var ok bool
	if err := q.GetContext(ctx, &ok, q.Rebind(`SELECT EXISTS (SELECT 1 FROM registrations WHERE id = ?)`), id); err != nil {
		return s.d.Error(err, "read registration "+id)
	} else if !ok {
		return registrationNotFound(id)
	}
	return nil
}

// LearnerRegistrations returns every registration of the learner, oldest
// first.
func (s *Store) LearnerRegistrations(ctx context.Context, learnerID string) ([]learning.Registration, error) {
	var rows []registrationRow
	const q = `SELECT ` + registrationColumns + ` FROM registrations WHERE learner_id = ? ORDER BY started_at, id`
	if err := s.readSelect(ctx, &rows, q, learnerID); err != nil {
		return nil, s.d.Error(err, "read the registrations of learner "+learnerID)
	}
	out := make([]learning.Registration, len(rows))
	for i := range rows {
		out[i] = *rows[i].registration()
	}
	return out, nil
}
