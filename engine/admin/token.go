package admin

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
)

// Token is an API token: what lets a program read the reports as JSON at
// /api/v1. The secret is shown once, when it is made; the store keeps its
// SHA-256 only.
type Token struct {
	ID         string // random, public: how the lists and revocation name it
	Name       string // who or what it is for
	CreatedBy  string // an administrator's email, or "cli"
	CreatedAt  time.Time
	LastUsedAt *time.Time // nil until first used; updated at most once a minute
	RevokedAt  *time.Time
	ExpiresAt  *time.Time // nil: valid until revoked
}

// Expired reports whether t has expired at now.
func (t *Token) Expired(now time.Time) bool { return t.ExpiresAt != nil && !now.Before(*t.ExpiresAt) }

// TokenAccount is a token with the hash it is kept under.
type TokenAccount struct {
	Token
	Hash string
}

// TokenPrefix starts every API token, so that a leaked one is easy to
// recognise (secret scanners match it) and a session token is never
// mistaken for one.
const TokenPrefix = "lode_pat_"

// TokenStore keeps API tokens. Creation and revocation write their audit
// entry in the same transaction.
type TokenStore interface {
	// CreateToken stores t under hash.
	CreateToken(ctx context.Context, t *TokenAccount, e *Entry) error
	// Tokens returns every token, revoked ones included, oldest first.
	Tokens(ctx context.Context) ([]Token, error)
	// TokenByHash returns the token kept under hash; ENOTFOUND if none.
	TokenByHash(ctx context.Context, hash string) (*TokenAccount, error)
	// RevokeToken marks a token revoked at e.At; ENOTFOUND if there is no
	// such token, ECONFLICT if it is revoked already.
	RevokeToken(ctx context.Context, id string, e *Entry) error
	// TouchToken sets when a token was last used, unless it was set less
	// than a minute before at: one write a minute, not one a request.
	TouchToken(ctx context.Context, id string, at time.Time) error
}

// maxTokenName bounds a token's name: a label, not a document.
const maxTokenName = 100

// MaxTokenDays bounds a token's lifetime when it has one: five years.
const MaxTokenDays = 5 * 366

// CreateToken makes an API token named name, valid for days days (0:
// until revoked), and returns it with its secret, which is not kept.
// EINVALID naming "name" if it is empty or too long, "expires_days" if
// days is negative or above MaxTokenDays.
func (a *Admins) CreateToken(ctx context.Context, actor, name string, days int) (*Token, string, error) {
	name = strings.TrimSpace(name)
	switch n := len([]rune(name)); {
	case n == 0:
		return nil, "", engine.FieldError("name", "is required: say who or what the token is for")
	case n > maxTokenName:
		return nil, "", engine.FieldError("name", "must be at most %d characters, not %d", maxTokenName, n)
	}
	if days < 0 || days > MaxTokenDays {
		return nil, "", engine.FieldError("expires_days", "must be from 1 to %d days, or 0 for none, not %d", MaxTokenDays, days)
	}
	secret := TokenPrefix + RandomToken()
	t := &TokenAccount{Token: Token{ID: tokenID(), Name: name, CreatedBy: actor, CreatedAt: a.now()}, Hash: TokenHash(secret)}
	details := map[string]string{"name": name, "expires": "never"}
	if days > 0 {
		at := t.CreatedAt.AddDate(0, 0, days)
		t.ExpiresAt, details["expires"] = &at, at.Format(time.RFC3339)
	}
	if err := a.Store.CreateToken(ctx, t, a.Entry(actor, "token.create", t.ID, details)); err != nil {
		return nil, "", err
	}
	return &t.Token, secret, nil
}

// RevokeToken revokes a token: ENOTFOUND if there is none with id,
// ECONFLICT if it is revoked already.
func (a *Admins) RevokeToken(ctx context.Context, actor, id string) error {
	return a.Store.RevokeToken(ctx, strings.TrimSpace(id), a.Entry(actor, "token.revoke", strings.TrimSpace(id), nil))
}

// Authenticate returns the live token secret is, and records its use.
// EUNAUTHORIZED, in the same words, whether the secret is malformed,
// unknown, revoked or expired: a caller learns nothing about which tokens
// exist.
func (a *Admins) Authenticate(ctx context.Context, secret string) (*Token, error) {
	denied := engine.Errorf(engine.EUNAUTHORIZED, "send a valid API token: Authorization: Bearer %s...", TokenPrefix)
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, denied
	}
	hash := TokenHash(secret)
	t, err := a.Store.TokenByHash(ctx, hash)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return nil, denied
	} else if err != nil {
		return nil, err
	}
	// The lookup found the row by its hash; comparing again in constant
	// time keeps the answer from depending on how much of a hash matched
	// should a store ever compare some other way.
	now := a.now()
	if subtle.ConstantTimeCompare([]byte(t.Hash), []byte(hash)) != 1 || t.RevokedAt != nil || t.Expired(now) {
		return nil, denied
	}
	// The row just read says when it was last used: most requests of a
	// busy program need no write at all (the store checks again, for two
	// requests at once).
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if err := a.Store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return &t.Token, nil
}

// tokenID is 64 random bits in hex: short enough to type after `lode
// admin token revoke`, and not the secret.
func tokenID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
