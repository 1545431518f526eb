// Package admin is the administrators of a Lode site, their sessions and
// the audit log of what they changed. It holds the types, their rules and
// the store it needs; engine/sqlstore keeps them and engine/http/admin
// serves the pages.
package admin

import (
	"context"
	"encoding/json"
	"net/mail"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
)

// Administrator is a person who may run the site. Email is the key, kept
// in lower case.
type Administrator struct {
	Email     string
	Role      Role // site-wide; "" reads as administrator (made before roles)
	CreatedAt time.Time
}

// Account is an administrator with the argon2id hash of their password
// (PHC format; the password itself is never stored).
type Account struct {
	Administrator
	PasswordHash string
}

// Session is an administrator signed in. The store keeps only a hash of
// Token, so that a copy of the database signs nobody in.
type Session struct {
	Token     string // random, secret: the lode_admin cookie's value
	Email     string
	Role      Role   // the administrator's site-wide role, read with the session
	CSRFToken string // required on every POST
	ExpiresAt time.Time
}

// Entry is one line of the audit log: who changed what, when. Details is
// a JSON object; Target names what was changed (a module id, an email, an
// LRS key).
type Entry struct {
	ID      int64
	At      time.Time
	Actor   string // an administrator's email, or "cli" for the command line
	Action  string // e.g. "admin.create", "module.unpublish"
	Target  string
	Details json.RawMessage
}

// Store keeps administrators, their sessions and the audit log. Changes
// to administrators write their audit entry in the same transaction.
type Store interface {
	// CreateAdministrator stores a; ECONFLICT if the email is taken.
	CreateAdministrator(ctx context.Context, a *Account, e *Entry) error
	// AdministratorAccount returns one; ENOTFOUND if absent.
	AdministratorAccount(ctx context.Context, email string) (*Account, error)
	// Administrators returns every administrator, by email.
	Administrators(ctx context.Context) ([]Administrator, error)
	// RemoveAdministrator deletes one and their sessions; ENOTFOUND if
	// absent, ECONFLICT if they are the last.
	RemoveAdministrator(ctx context.Context, email string, e *Entry) error

	// SetPublished records whether a module is published, and e, in one
	// transaction. Publishing a published module is not an error.
	SetPublished(ctx context.Context, moduleID string, published bool, e *Entry) error
	// UnpublishedModules returns the ids of the modules unpublished.
	UnpublishedModules(ctx context.Context) ([]string, error)

	// CreateAdminSession stores a session under the hash of its token.
	CreateAdminSession(ctx context.Context, tokenHash string, s *Session) error
	// AdminSession returns a live session by its token's hash; ENOTFOUND
	// if absent or expired. Its Token is empty.
	AdminSession(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	// DeleteAdminSession ends a session; absent is not an error.
	DeleteAdminSession(ctx context.Context, tokenHash string) error

	// Audit appends e to the audit log, for changes kept outside the
	// database (content on disk) or by another store (LRS clients).
	Audit(ctx context.Context, e *Entry) error
	// AuditLog returns up to limit entries with an ID below before (0:
	// from the newest), newest first.
	AuditLog(ctx context.Context, before int64, limit int) ([]Entry, error)

	// SiteStore keeps the settings changed in the admin area.
	SiteStore
	// Reports reads learners' progress for the admin area's reports.
	Reports
	// TokenStore keeps the API's tokens.
	TokenStore
}

// NormalEmail is email trimmed and in lower case; EINVALID naming field
// if it is not an address.
func NormalEmail(field, email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return "", engine.FieldError(field, "is required")
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email[strings.IndexByte(email, '@')+1:], ".") {
		return "", engine.FieldError(field, "%q is not an email address", email)
	}
	return email, nil
}

// MinPassword is the shortest password accepted (NIST SP 800-63B asks
// for at least 8; administrators get more).
const MinPassword = 12

// checkPassword says why a new password is refused.
func checkPassword(field, password string) error {
	switch n := len([]rune(password)); {
	case n < MinPassword:
		return engine.FieldError(field, "must be at least %d characters, not %d", MinPassword, n)
	case n > 256:
		return engine.FieldError(field, "must be at most 256 characters")
	}
	return nil
}
