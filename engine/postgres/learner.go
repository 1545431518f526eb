package postgres

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

type learnerRow struct {
	ID        string    `db:"id"`
	Name      string    `db:"name"`
	Email     string    `db:"email"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

func (r *learnerRow) learner() *learning.Learner {
	return &learning.Learner{ID: r.ID, Name: r.Name, Email: r.Email,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreateLearner stores a new learner, setting CreatedAt (now, unless given)
// and UpdatedAt. It returns EINVALID without an id and ECONFLICT if the id is
// taken.
func (db *DB) CreateLearner(ctx context.Context, l *learning.Learner) error {
	if l.ID == "" {
		return engine.FieldError("id", "a learner needs an id")
	}
	at := pgTime(l.CreatedAt)
	if l.CreatedAt.IsZero() {
		at = db.stamp()
	}
	const q = `INSERT INTO learners (id, name, email, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (id) DO NOTHING`
	res, err := db.db.ExecContext(ctx, q, l.ID, l.Name, l.Email, at)
	if err != nil {
		return dbError(err, "create learner "+l.ID)
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "create learner "+l.ID)
	} else if n == 0 && !db.sameLearner(ctx, l, at) {
		return engine.Errorf(engine.ECONFLICT, "learner %s already exists", l.ID)
	}
	l.CreatedAt, l.UpdatedAt = at, at
	return nil
}

// sameLearner reports whether the learner stored under l.ID is the one
// this call inserted. lib/pq reports a connection that ended after the
// INSERT was sent as driver.ErrBadConn, which makes database/sql run it
// again: the second run then finds the first one's row.
func (db *DB) sameLearner(ctx context.Context, l *learning.Learner, at time.Time) bool {
	got, err := db.Learner(ctx, l.ID)
	return err == nil && got.Name == l.Name && got.Email == l.Email && got.CreatedAt.Equal(at)
}

// Learner returns the learner with the given id; ENOTFOUND if there is none.
func (db *DB) Learner(ctx context.Context, id string) (*learning.Learner, error) {
	var row learnerRow
	const q = `SELECT id, name, email, created_at, updated_at FROM learners WHERE id = $1`
	if err := db.db.GetContext(ctx, &row, q, id); notFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	} else if err != nil {
		return nil, dbError(err, "read learner "+id)
	}
	return row.learner(), nil
}

// UpdateLearner changes a learner's name and email and sets UpdatedAt (and
// CreatedAt, as stored); ENOTFOUND if there is no learner with l.ID.
func (db *DB) UpdateLearner(ctx context.Context, l *learning.Learner) error {
	at := db.stamp()
	var created time.Time
	const q = `UPDATE learners SET name = $1, email = $2, updated_at = $3 WHERE id = $4 RETURNING created_at`
	if err := db.db.GetContext(ctx, &created, q, l.Name, l.Email, at, l.ID); notFound(err) {
		return engine.Errorf(engine.ENOTFOUND, "learner %s not found", l.ID)
	} else if err != nil {
		return dbError(err, "update learner "+l.ID)
	}
	l.CreatedAt, l.UpdatedAt = created.UTC(), at
	return nil
}
