package sqlstore

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

type administratorRow struct {
	Email        string `db:"email"`
	PasswordHash string `db:"password_hash"`
	Role         string `db:"role"`
	CreatedAt    Time   `db:"created_at"`
}

func (r administratorRow) administrator() admin.Administrator {
	return admin.Administrator{Email: r.Email, Role: admin.Role(r.Role), CreatedAt: r.CreatedAt.Time}
}

// roleOf is how a role is kept: administrators made before roles have none.
func roleOf(r admin.Role) string {
	if r == "" {
		return string(admin.RoleAdministrator)
	}
	return string(r)
}

// CreateAdministrator stores a and its audit entry in one transaction;
// ECONFLICT if the email is taken.
func (s *Store) CreateAdministrator(ctx context.Context, a *admin.Account, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `INSERT INTO administrators (email, password_hash, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING`
		res, err := tx.ExecContext(ctx, tx.Rebind(q), a.Email, a.PasswordHash, roleOf(a.Role), s.d.Time(Round(a.CreatedAt)))
		if err != nil {
			return s.d.Error(err, "create administrator "+a.Email)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.d.Error(err, "create administrator "+a.Email)
		} else if n == 0 {
			return engine.Errorf(engine.ECONFLICT, "%s is already an administrator", a.Email)
		}
		return s.audit(ctx, tx, e)
	})
}

// AdministratorAccount returns an administrator with their password hash;
// ENOTFOUND if absent.
func (s *Store) AdministratorAccount(ctx context.Context, email string) (*admin.Account, error) {
	var row administratorRow
	const q = `SELECT email, password_hash, role, created_at FROM administrators WHERE email = ?`
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), email); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "no administrator %s", email)
	} else if err != nil {
		return nil, s.d.Error(err, "read administrator")
	}
	return &admin.Account{Administrator: row.administrator(), PasswordHash: row.PasswordHash}, nil
}

// Administrators returns every administrator, by email.
func (s *Store) Administrators(ctx context.Context) ([]admin.Administrator, error) {
	var rows []administratorRow
	const q = `SELECT email, password_hash, role, created_at FROM administrators ORDER BY email`
	if err := s.read.SelectContext(ctx, &rows, q); err != nil {
		return nil, s.d.Error(err, "list administrators")
	}
	out := make([]admin.Administrator, len(rows))
	for i, r := range rows {
		out[i] = r.administrator()
	}
	return out, nil
}

// RemoveAdministrator deletes an administrator, their sessions (by
// cascade) and writes e, in one transaction. ENOTFOUND if absent;
// ECONFLICT if they are the last.
func (s *Store) RemoveAdministrator(ctx context.Context, email string, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		// Touch every row first: PostgreSQL then holds their locks, and
		// SQLite its write lock, so two removals at once cannot both
		// count two administrators and leave none.
		if _, err := tx.ExecContext(ctx, `UPDATE administrators SET email = email`); err != nil {
			return s.d.Error(err, "lock administrators")
		}
		// Authors and reviewers cannot run the site: the last one who can
		// is the last with the administrator role.
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT count(*) FROM administrators WHERE role = ?`), string(admin.RoleAdministrator)); err != nil {
			return s.d.Error(err, "count administrators")
		}
		var role string
		if err := tx.GetContext(ctx, &role, tx.Rebind(`SELECT role FROM administrators WHERE email = ?`), email); err != nil && !NotFound(err) {
			return s.d.Error(err, "read administrator "+email)
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM administrators WHERE email = ?`), email)
		if err != nil {
			return s.d.Error(err, "remove administrator "+email)
		}
		if gone, err := res.RowsAffected(); err != nil {
			return s.d.Error(err, "remove administrator "+email)
		} else if gone == 0 {
			return engine.Errorf(engine.ENOTFOUND, "no administrator %s", email)
		}
		if n <= 1 && role == string(admin.RoleAdministrator) {
			return engine.Errorf(engine.ECONFLICT, "%s is the last administrator: add another before removing them", email)
		}
		return s.audit(ctx, tx, e)
	})
}

type adminSessionRow struct {
	Email     string `db:"email"`
	Role      string `db:"role"`
	CSRFToken string `db:"csrf_token"`
	ExpiresAt Time   `db:"expires_at"`
}

// CreateAdminSession stores a session under its token's hash.
func (s *Store) CreateAdminSession(ctx context.Context, tokenHash string, a *admin.Session) error {
	const q = `INSERT INTO admin_sessions (token_hash, email, csrf_token, expires_at) VALUES (?, ?, ?, ?)`
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(q), tokenHash, a.Email, a.CSRFToken, s.d.Time(Round(a.ExpiresAt))); err != nil {
		return s.d.Error(err, "create administrator session")
	}
	return nil
}

// AdminSession returns a session live at now; ENOTFOUND if absent or
// expired.
func (s *Store) AdminSession(ctx context.Context, tokenHash string, now time.Time) (*admin.Session, error) {
	var row adminSessionRow
	const q = `SELECT s.email, a.role, s.csrf_token, s.expires_at FROM admin_sessions s
		JOIN administrators a ON a.email = s.email WHERE s.token_hash = ? AND s.expires_at > ?`
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), tokenHash, s.d.Time(Round(now))); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "no such administrator session")
	} else if err != nil {
		return nil, s.d.Error(err, "read administrator session")
	}
	return &admin.Session{Email: row.Email, Role: admin.Role(row.Role), CSRFToken: row.CSRFToken, ExpiresAt: row.ExpiresAt.Time}, nil
}

// DeleteAdminSession ends a session, and any that have expired.
func (s *Store) DeleteAdminSession(ctx context.Context, tokenHash string) error {
	const q = `DELETE FROM admin_sessions WHERE token_hash = ? OR expires_at < ?`
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(q), tokenHash, s.d.Time(s.stamp())); err != nil {
		return s.d.Error(err, "end administrator session")
	}
	return nil
}
