package sqlstore

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// LearnerByEmail returns the learner whose verified email is email.
func (s *Store) LearnerByEmail(ctx context.Context, email string) (*learning.Learner, error) {
	return s.learnerWhere(ctx, "lower(email) = lower(?) AND email_verified_at IS NOT NULL", email, "with that email")
}

// LearnerByResumeCode returns the learner whose resume code has this hash.
func (s *Store) LearnerByResumeCode(ctx context.Context, hash string) (*learning.Learner, error) {
	return s.learnerWhere(ctx, "resume_code_hash = ?", hash, "with that resume code")
}

func (s *Store) learnerWhere(ctx context.Context, cond, arg, what string) (*learning.Learner, error) {
	var row learnerRow
	q := `SELECT ` + learnerColumns + ` FROM learners WHERE ` + cond
	if err := s.write.GetContext(ctx, &row, s.write.Rebind(q), arg); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "no learner %s", what)
	} else if err != nil {
		return nil, s.d.Error(err, "find the learner "+what)
	}
	return row.learner(), nil
}

// VerifyEmail makes email the learner's verified email; ECONFLICT if
// another learner has it verified. (Two racing calls for one email: the
// unique index lets one win; the other fails rather than sharing it.)
func (s *Store) VerifyEmail(ctx context.Context, learnerID, email string, t time.Time) error {
	const q = `UPDATE learners SET email = ?, email_verified_at = ?, updated_at = ? WHERE id = ? AND NOT EXISTS (
		SELECT 1 FROM learners other WHERE lower(other.email) = lower(?) AND other.email_verified_at IS NOT NULL AND other.id <> ?)`
	at := s.d.Time(Round(t))
	res, err := s.write.ExecContext(ctx, s.write.Rebind(q), email, at, at, learnerID, email, learnerID)
	if err != nil {
		return s.d.Error(err, "verify an email")
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	if _, err := s.learner(ctx, s.write, learnerID); err != nil {
		return err
	}
	return engine.Errorf(engine.ECONFLICT, "another learner has signed in with that email")
}

// SetResumeCode replaces the learner's resume code hash.
func (s *Store) SetResumeCode(ctx context.Context, learnerID, hash string) error {
	const q = `UPDATE learners SET resume_code_hash = ? WHERE id = ?`
	res, err := s.write.ExecContext(ctx, s.write.Rebind(q), hash, learnerID)
	if err != nil {
		return s.d.Error(err, "set the resume code of learner "+learnerID)
	}
	return rowsOrNotFound(res, "learner "+learnerID)
}

// CreateSignInToken stores a sign-in token by its hash, and removes tokens
// that expired a day ago or more, so the table holds only live links.
func (s *Store) CreateSignInToken(ctx context.Context, t *learning.SignInToken) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const purge = `DELETE FROM sign_in_tokens WHERE expires_at < ?`
		if _, err := tx.ExecContext(ctx, tx.Rebind(purge), s.d.Time(Round(t.CreatedAt.Add(-24*time.Hour)))); err != nil {
			return s.d.Error(err, "remove expired sign-in links")
		}
		const q = `INSERT INTO sign_in_tokens (token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)`
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), t.Hash, t.Email, s.d.Time(Round(t.CreatedAt)), s.d.Time(Round(t.ExpiresAt))); err != nil {
			return s.d.Error(err, "store a sign-in link")
		}
		return nil
	})
}

// UseSignInToken marks a live, unused token used and returns it.
func (s *Store) UseSignInToken(ctx context.Context, hash string, now time.Time) (*learning.SignInToken, error) {
	var row struct {
		Email   string `db:"email"`
		Created Time   `db:"created_at"`
		Expires Time   `db:"expires_at"`
	}
	const q = `UPDATE sign_in_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
		RETURNING email, created_at, expires_at`
	at := s.d.Time(Round(now))
	if err := s.write.GetContext(ctx, &row, s.write.Rebind(q), at, hash, at); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "this sign-in link has been used or has expired")
	} else if err != nil {
		return nil, s.d.Error(err, "use a sign-in link")
	}
	return &learning.SignInToken{Hash: hash, Email: row.Email, CreatedAt: row.Created.Time, ExpiresAt: row.Expires.Time}, nil
}

// MergeLearner drops, moves and marks in one transaction.
func (s *Store) MergeLearner(ctx context.Context, from, into string, move, drop []string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		for _, id := range drop {
			for _, q := range []string{`DELETE FROM object_states WHERE registration_id = ?`, `DELETE FROM registrations WHERE id = ?`} {
				if _, err := tx.ExecContext(ctx, tx.Rebind(q), id); err != nil {
					return s.d.Error(err, "drop registration "+id)
				}
			}
		}
		for _, id := range move {
			const q = `UPDATE registrations SET learner_id = ? WHERE id = ? AND learner_id = ?`
			if _, err := tx.ExecContext(ctx, tx.Rebind(q), into, id, from); err != nil {
				return s.d.Error(err, "move registration "+id)
			}
		}
		const q = `UPDATE learners SET merged_into = ?, cookie_generation = cookie_generation + 1, resume_code_hash = NULL WHERE id = ?`
		res, err := tx.ExecContext(ctx, tx.Rebind(q), into, from)
		if err != nil {
			return s.d.Error(err, "mark learner "+from+" merged")
		}
		return rowsOrNotFound(res, "learner "+from)
	})
}

// rowsOrNotFound is ENOTFOUND when an UPDATE changed no row.
func rowsOrNotFound(res interface{ RowsAffected() (int64, error) }, what string) error {
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		return engine.Errorf(engine.ENOTFOUND, "%s not found", what)
	}
	return err
}

// MergedLearners returns the ids of the learners merged into id.
func (s *Store) MergedLearners(ctx context.Context, id string) ([]string, error) {
	var ids []string
	const q = `SELECT id FROM learners WHERE merged_into = ? ORDER BY created_at, id`
	if err := s.write.SelectContext(ctx, &ids, s.write.Rebind(q), id); err != nil {
		return nil, s.d.Error(err, "find the learners merged into "+id)
	}
	return ids, nil
}
