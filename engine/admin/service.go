package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

// Admins is what the admin area and `lode admin` do with administrators.
type Admins struct {
	Store Store
	TTL   time.Duration    // session lifetime; 8 hours when 0
	Now   func() time.Time // time.Now when nil
}

// CLI is the actor the audit log names for changes made on the command
// line, where nobody is signed in.
const CLI = "cli"

func (a *Admins) now() time.Time {
	if a.Now != nil {
		return a.Now().UTC()
	}
	return time.Now().UTC()
}

// Create adds an administrator. EINVALID for a bad email or a short
// password; ECONFLICT if the email is taken.
func (a *Admins) Create(ctx context.Context, actor, email, password string) (*Administrator, error) {
	return a.CreateRole(ctx, actor, email, password, RoleAdministrator)
}

// CreateRole adds an author, a reviewer or an administrator, as Create.
func (a *Admins) CreateRole(ctx context.Context, actor, email, password string, role Role) (*Administrator, error) {
	if _, err := ParseRole("role", string(role)); err != nil {
		return nil, err
	}
	email, err := NormalEmail("email", email)
	if err != nil {
		return nil, err
	}
	if err := checkPassword("password", password); err != nil {
		return nil, err
	}
	acc := &Account{Administrator: Administrator{Email: email, Role: role, CreatedAt: a.now()}, PasswordHash: lrs.HashSecret(password)}
	if err := a.Store.CreateAdministrator(ctx, acc, a.Entry(actor, "admin.create", email, map[string]string{"role": string(role)})); err != nil {
		return nil, err
	}
	return &acc.Administrator, nil
}

// Remove deletes an administrator; ECONFLICT for the last one.
func (a *Admins) Remove(ctx context.Context, actor, email string) error {
	return a.Store.RemoveAdministrator(ctx, email, a.Entry(actor, "admin.remove", email, nil))
}

// Entry is an audit entry of now; details is marshalled to a JSON object
// ({} when nil).
func (a *Admins) Entry(actor, action, target string, details map[string]string) *Entry {
	raw := json.RawMessage(`{}`)
	if len(details) > 0 {
		raw, _ = json.Marshal(details) // a map of strings always marshals
	}
	return &Entry{At: a.now(), Actor: actor, Action: action, Target: target, Details: raw}
}

// Audit records a change made outside the administrators' own tables.
func (a *Admins) Audit(ctx context.Context, actor, action, target string, details map[string]string) error {
	return a.Store.Audit(ctx, a.Entry(actor, action, target, details))
}

// dummyHash is verified against when the email is unknown, so that a
// wrong email takes as long as a wrong password and timing tells nobody
// which addresses are administrators.
var dummyHash = lrs.HashSecret("no administrator has this password")

// SignIn checks an email and password and opens a session. EUNAUTHORIZED,
// with the same words whichever was wrong.
func (a *Admins) SignIn(ctx context.Context, email, password string) (*Session, error) {
	email, _ = NormalEmail("email", email)
	acc, err := a.Store.AdministratorAccount(ctx, email)
	hash := dummyHash
	if err == nil {
		hash = acc.PasswordHash
	} else if engine.ErrorCode(err) != engine.ENOTFOUND {
		return nil, err
	}
	ok, verr := lrs.VerifySecret(hash, password)
	if err != nil || verr != nil || !ok {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "the email or the password is wrong")
	}
	ttl := a.TTL
	if ttl <= 0 {
		ttl = 8 * time.Hour
	}
	s := &Session{Token: RandomToken(), Email: acc.Email, Role: acc.Role, CSRFToken: RandomToken(), ExpiresAt: a.now().Add(ttl)}
	if err := a.Store.CreateAdminSession(ctx, TokenHash(s.Token), s); err != nil {
		return nil, err
	}
	return s, nil
}

// Session returns the live session a token opens; EUNAUTHORIZED if none.
func (a *Admins) Session(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "sign in as an administrator")
	}
	s, err := a.Store.AdminSession(ctx, TokenHash(token), a.now())
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "sign in as an administrator: the session has ended")
	}
	return s, err
}

// SignOut ends the session a token opens.
func (a *Admins) SignOut(ctx context.Context, token string) error {
	return a.Store.DeleteAdminSession(ctx, TokenHash(token))
}

// TokenHash is how a session token is kept: its SHA-256, since the token
// is random and long, and a slow hash would tax every request.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// RandomToken is 256 random bits, URL-safe: a session or CSRF token.
func RandomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}
