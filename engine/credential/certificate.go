// Package credential issues continuing-education certificates for
// completed modules and lets anyone check them: on the verification page,
// by a code printed on the certificate, and offline, as an Open Badges
// 3.0 credential signed with the issuer's Ed25519 key (badge.go) whose
// public key the server publishes. It imports no adapter: the Store it
// names is implemented by engine/sqlstore.
package credential

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
)

// Certificate is the record that a learner completed one version of a
// module. It keeps the learner's name and the module's title, version and
// CE hours as they were when it was issued, so that neither a later
// profile change nor a module edit alters what was certified.
type Certificate struct {
	Code           string // public verification code, XXXX-XXXX-XXXX
	RegistrationID string // one certificate per registration
	LearnerID      string
	LearnerName    string
	ModuleID       string
	ModuleTitle    string
	ModuleVersion  string
	CEHours        float64
	CompletedAt    time.Time
	IssuedAt       time.Time
}

// Validate checks what a store relies on; EINVALID naming the field.
func (c *Certificate) Validate() error {
	switch {
	case CodeHash(c.Code) == "":
		return engine.FieldError("code", "%q is not a certificate code of the form XXXX-XXXX-XXXX", c.Code)
	case c.RegistrationID == "" || c.LearnerID == "" || c.ModuleID == "":
		return engine.FieldError("registration", "a certificate needs its registration, learner and module")
	case strings.TrimSpace(c.LearnerName) == "":
		return engine.FieldError("name", "a certificate needs the learner's name")
	case c.CEHours < 0:
		return engine.FieldError("ce_hours", "must not be negative, got %v", c.CEHours)
	case c.CompletedAt.IsZero() || c.IssuedAt.IsZero():
		return engine.FieldError("completed_at", "a certificate needs the completion and issue times")
	}
	return nil
}

// codeAlphabet is Crockford's base32: no I, L, O or U, so that a code read
// aloud or typed from paper is not mistaken for another.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLength is 12 characters of 5 bits: 60 random bits, far beyond
// guessing at any rate a server answers, and still short enough to type.
const codeLength = 12

// NewCode returns a random verification code, grouped XXXX-XXXX-XXXX.
func NewCode() string {
	b := make([]byte, codeLength)
	_, _ = rand.Read(b) // never fails on supported platforms (Go 1.24+)
	var sb strings.Builder
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[v&31]) // 256 is a multiple of 32: uniform
	}
	return sb.String()
}

// NormalizeCode returns a code as typed (any case, with or without dashes
// or spaces, O for 0 and I or L for 1, as Crockford's base32 allows) in
// its canonical form, and false if it cannot be a code.
func NormalizeCode(s string) (string, bool) {
	var raw []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(codeAlphabet, r) {
			return "", false
		}
		raw = append(raw, byte(r))
	}
	if len(raw) != codeLength {
		return "", false
	}
	return string(raw[0:4]) + "-" + string(raw[4:8]) + "-" + string(raw[8:12]), true
}

// CodeHash is the key a certificate is looked up by: the SHA-256 of its
// canonical code, in hex, or "" for something that is not a code. Stores
// find certificates by it, so that how long a lookup takes says nothing
// about how much of a guessed code was right.
func CodeHash(code string) string {
	c, ok := NormalizeCode(code)
	if !ok {
		return ""
	}
	sum := sha256.Sum256([]byte(c))
	return hex.EncodeToString(sum[:])
}

// Store keeps certificates.
type Store interface {
	// IssueCertificate stores c unless its registration has a certificate
	// already, and returns the registration's certificate either way: of
	// two concurrent calls, both get the one stored. EINVALID if c is not
	// valid; ECONFLICT if c's code belongs to another certificate.
	IssueCertificate(ctx context.Context, c *Certificate) (*Certificate, error)
	// CertificateByCode returns the certificate with the code (in any
	// form NormalizeCode accepts); ENOTFOUND if there is none.
	CertificateByCode(ctx context.Context, code string) (*Certificate, error)
	// LearnerCertificates returns a learner's certificates, oldest first;
	// none (and no error) for an unknown learner.
	LearnerCertificates(ctx context.Context, learnerID string) ([]Certificate, error)
}
