package sqlite

import (
	"context"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

type learnerRow struct {
	ID        string `db:"id"`
	Name      string `db:"name"`
	Email     string `db:"email"`
	CreatedAt int64  `db:"created_at"`
	UpdatedAt int64  `db:"updated_at"`
}

func (r *learnerRow) learner() *learning.Learner {
	return &learning.Learner{ID: r.ID, Name: r.Name, Email: r.Email,
		CreatedAt: fromNanos(r.CreatedAt), UpdatedAt: fromNanos(r.UpdatedAt)}
}

// CreateLearner stores a new learner, setting CreatedAt (now, unless given)
// and UpdatedAt. It returns EINVALID without an id and ECONFLICT if the id is
// taken.
func (db *DB) CreateLearner(ctx context.Context, l *learning.Learner) error {
	if l.ID == "" {
		return engine.FieldError("id", "a learner needs an id")
	}
	at := l.CreatedAt
	if at.IsZero() {
		at = db.now()
	}
	const q = `INSERT INTO learners (id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`
	res, err := db.write.ExecContext(ctx, q, l.ID, l.Name, l.Email, nanos(at), nanos(at))
	if err != nil {
		return dbError(err, "create learner "+l.ID)
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "create learner "+l.ID)
	} else if n == 0 {
		return engine.Errorf(engine.ECONFLICT, "learner %s already exists", l.ID)
	}
	l.CreatedAt, l.UpdatedAt = fromNanos(nanos(at)), fromNanos(nanos(at))
	return nil
}

// Learner returns the learner with the given id; ENOTFOUND if there is none.
func (db *DB) Learner(ctx context.Context, id string) (*learning.Learner, error) {
	var row learnerRow
	const q = `SELECT id, name, email, created_at, updated_at FROM learners WHERE id = ?`
	if err := db.read.GetContext(ctx, &row, q, id); notFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	} else if err != nil {
		return nil, dbError(err, "read learner "+id)
	}
	return row.learner(), nil
}

// UpdateLearner changes a learner's name and email and sets UpdatedAt (and
// CreatedAt, as stored); ENOTFOUND if there is no learner with l.ID.
func (db *DB) UpdateLearner(ctx context.Context, l *learning.Learner) error {
	at := nanos(db.now())
	var created int64
	const q = `UPDATE learners SET name = ?, email = ?, updated_at = ? WHERE id = ? RETURNING created_at`
	if err := db.write.GetContext(ctx, &created, q, l.Name, l.Email, at, l.ID); notFound(err) {
		return engine.Errorf(engine.ENOTFOUND, "learner %s not found", l.ID)
	} else if err != nil {
		return dbError(err, "update learner "+l.ID)
	}
	l.CreatedAt, l.UpdatedAt = fromNanos(created), fromNanos(at)
	return nil
}
