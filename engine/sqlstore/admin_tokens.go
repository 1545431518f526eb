package sqlstore

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

type tokenRow struct {
	ID         string   `db:"id"`
	Name       string   `db:"name"`
	Hash       string   `db:"token_hash"`
	CreatedBy  string   `db:"created_by"`
	CreatedAt  Time     `db:"created_at"`
	LastUsedAt NullTime `db:"last_used_at"`
	RevokedAt  NullTime `db:"revoked_at"`
	ExpiresAt  NullTime `db:"expires_at"`
}

func (r *tokenRow) account() *admin.TokenAccount {
	return &admin.TokenAccount{Hash: r.Hash, Token: admin.Token{ID: r.ID, Name: r.Name, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.Time, LastUsedAt: r.LastUsedAt.T, RevokedAt: r.RevokedAt.T, ExpiresAt: r.ExpiresAt.T}}
}

const tokenColumns = `id, name, token_hash, created_by, created_at, last_used_at, revoked_at, expires_at`

// CreateToken stores t and its audit entry in one transaction.
func (s *Store) CreateToken(ctx context.Context, t *admin.TokenAccount, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `INSERT INTO api_tokens (id, name, token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), t.ID, t.Name, t.Hash, t.CreatedBy, s.d.Time(Round(t.CreatedAt)), s.nullTime(t.ExpiresAt)); err != nil {
			return s.d.Error(err, "create API token "+t.Name)
		}
		return s.audit(ctx, tx, e)
	})
}

// Tokens returns every token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]admin.Token, error) {
	var rows []tokenRow
	if err := s.read.SelectContext(ctx, &rows, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY created_at, id`); err != nil {
		return nil, s.d.Error(err, "list API tokens")
	}
	out := make([]admin.Token, len(rows))
	for i := range rows {
		out[i] = rows[i].account().Token
	}
	return out, nil
}

// TokenByHash returns the token kept under hash; ENOTFOUND if none.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*admin.TokenAccount, error) {
	var row tokenRow
	q := `SELECT ` + tokenColumns + ` FROM api_tokens WHERE token_hash = ?`
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), hash); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "no such API token")
	} else if err != nil {
		return nil, s.d.Error(err, "read API token")
	}
	return row.account(), nil
}

// RevokeToken marks a token revoked and writes e, in one transaction;
// ENOTFOUND if absent, ECONFLICT if revoked already.
func (s *Store) RevokeToken(ctx context.Context, id string, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`
		res, err := tx.ExecContext(ctx, tx.Rebind(q), s.d.Time(Round(e.At)), id)
		if err != nil {
			return s.d.Error(err, "revoke API token "+id)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.d.Error(err, "revoke API token "+id)
		} else if n == 0 {
			var revoked int
			if err := tx.GetContext(ctx, &revoked, tx.Rebind(`SELECT count(*) FROM api_tokens WHERE id = ?`), id); err != nil {
				return s.d.Error(err, "revoke API token "+id)
			}
			if revoked == 0 {
				return engine.Errorf(engine.ENOTFOUND, "no API token %q", id)
			}
			return engine.Errorf(engine.ECONFLICT, "API token %s is revoked already", id)
		}
		return s.audit(ctx, tx, e)
	})
}

// TouchToken records a use at, unless one was recorded less than a
// minute before.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	const q = `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`
	at = Round(at)
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(q), s.d.Time(at), id, s.d.Time(at.Add(-time.Minute))); err != nil {
		return s.d.Error(err, "record the use of API token "+id)
	}
	return nil
}
