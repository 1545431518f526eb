package sqlstore

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

type learnerRow struct {
	ID        string   `db:"id"`
	Name      string   `db:"name"`
	Email     string   `db:"email"`
	CreatedAt Time     `db:"created_at"`
	UpdatedAt Time     `db:"updated_at"`
	CookieGen int64    `db:"cookie_generation"`
	Verified  NullTime `db:"email_verified_at"`
	Merged    string   `db:"merged_into"`
}

const learnerColumns = `id, name, email, created_at, updated_at, cookie_generation, email_verified_at, merged_into`

func (r *learnerRow) learner() *learning.Learner {
	return &learning.Learner{ID: r.ID, Name: r.Name, Email: r.Email, CreatedAt: r.CreatedAt.Time, UpdatedAt: r.UpdatedAt.Time,
		CookieGeneration: r.CookieGen, EmailVerifiedAt: r.Verified.T, MergedInto: r.Merged,
	}
}

// CreateLearner stores a new learner, setting CreatedAt (now, unless given)
// and UpdatedAt. EINVALID if l is not valid, ECONFLICT if the id is taken.
func (s *Store) CreateLearner(ctx context.Context, l *learning.Learner) error {
	if err := l.Validate(); err != nil {
		return err
	}
	at := Round(l.CreatedAt)
	if l.CreatedAt.IsZero() {
		at = s.stamp()
	}
	const q = `INSERT INTO learners (id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`
	res, err := s.write.ExecContext(ctx, s.write.Rebind(q), l.ID, l.Name, l.Email, s.d.Time(at), s.d.Time(at))
	if err != nil {
		return s.d.Error(err, "create learner "+l.ID)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.d.Error(err, "create learner "+l.ID)
	} else if n == 0 && !s.sameLearner(ctx, l, at) {
		return engine.Errorf(engine.ECONFLICT, "learner %s already exists", l.ID)
	}
	l.CreatedAt, l.UpdatedAt = at, at
	return nil
}

// sameLearner reports whether the learner stored under l.ID is the one
// this call inserted. lib/pq reports a connection that ended after the
// INSERT was sent as driver.ErrBadConn, which makes database/sql run it
// again: the second run then finds the first one's row.
func (s *Store) sameLearner(ctx context.Context, l *learning.Learner, at time.Time) bool {
	got, err := s.learner(ctx, s.write, l.ID)
	return err == nil && got.Name == l.Name && got.Email == l.Email && got.CreatedAt.Equal(at)
}

// Learner returns the learner with the given id; ENOTFOUND if there is none.
func (s *Store) Learner(ctx context.Context, id string) (*learning.Learner, error) {
	return s.learner(ctx, s.read, id)
}

func (s *Store) learner(ctx context.Context, db queryer, id string) (*learning.Learner, error) {
	var row learnerRow
	const q = `SELECT ` + learnerColumns + ` FROM learners WHERE id = ?`
	if err := s.getOn(ctx, db, &row, q, id); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	} else if err != nil {
		return nil, s.d.Error(err, "read learner "+id)
	}
	return row.learner(), nil
}

// UpdateLearner changes a learner's name and email and sets UpdatedAt (and
// CreatedAt, as stored); ENOTFOUND if there is no learner with l.ID. An
// email changed by hand is no longer verified: signing in proves it again.
func (s *Store) UpdateLearner(ctx context.Context, l *learning.Learner) error {
	at := s.stamp()
	var created Time
	const q = `UPDATE learners SET name = ?, updated_at = ?,
		email_verified_at = CASE WHEN lower(email) = lower(?) THEN email_verified_at END, email = ?
		WHERE id = ? RETURNING created_at`
	if err := s.write.GetContext(ctx, &created, s.write.Rebind(q), l.Name, s.d.Time(at), l.Email, l.Email, l.ID); NotFound(err) {
		return engine.Errorf(engine.ENOTFOUND, "learner %s not found", l.ID)
	} else if err != nil {
		return s.d.Error(err, "update learner "+l.ID)
	}
	l.CreatedAt, l.UpdatedAt = created.Time, at
	return nil
}

// RevokeLearnerCookies increments the learner's cookie generation and
// returns the new one; ENOTFOUND if there is no such learner. Run twice
// (a retried statement) it increments twice, which revokes no less.
func (s *Store) RevokeLearnerCookies(ctx context.Context, id string) (int64, error) {
	var gen int64
	const q = `UPDATE learners SET cookie_generation = cookie_generation + 1 WHERE id = ? RETURNING cookie_generation`
	if err := s.write.GetContext(ctx, &gen, s.write.Rebind(q), id); NotFound(err) {
		return 0, engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	} else if err != nil {
		return 0, s.d.Error(err, "revoke the cookies of learner "+id)
	}
	return gen, nil
}
