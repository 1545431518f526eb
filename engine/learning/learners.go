package learning

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/lode-elearning/lode/engine"
)

// randomID returns n random bytes as lowercase base32 without padding:
// unguessable, URL- and cookie-safe.
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails on supported platforms (Go 1.24+)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// NewLearner creates an anonymous learner, so anyone can start at once.
func (d *Delivery) NewLearner(ctx context.Context) (*Learner, error) {
	now := d.now()
	l := &Learner{ID: randomID(10), CreatedAt: now, UpdatedAt: now}
	if err := d.Learners.CreateLearner(ctx, l); err != nil {
		return nil, err
	}
	return l, nil
}

// Profile is what a learner may say about themselves.
type Profile struct {
	Name  string
	Email string
}

// Validate returns the first problem with the profile, naming the field.
func (p Profile) Validate() error {
	if utf8.RuneCountInString(p.Name) > 200 {
		return engine.FieldError("name", "must be at most 200 characters")
	}
	if p.Email != "" {
		if len(p.Email) > 254 {
			return engine.FieldError("email", "must be at most 254 characters")
		}
		a, err := mail.ParseAddress(p.Email)
		if err != nil || a.Address != p.Email {
			return engine.FieldError("email", "%q is not an email address like name@library.org", p.Email)
		}
	}
	return nil
}

// Clean returns the profile as it would be stored, white space trimmed,
// or its first problem.
func (p Profile) Clean() (Profile, error) {
	p.Name, p.Email = strings.TrimSpace(p.Name), strings.TrimSpace(p.Email)
	return p, p.Validate()
}

// UpdateProfile sets a learner's name and email (both may be empty).
func (d *Delivery) UpdateProfile(ctx context.Context, learnerID string, p Profile) (*Learner, error) {
	p, err := p.Clean()
	if err != nil {
		return nil, err
	}
	l, err := d.Learners.Learner(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	l.Name, l.Email, l.UpdatedAt = p.Name, p.Email, d.now()
	if err := d.Learners.UpdateLearner(ctx, l); err != nil {
		return nil, err
	}
	return l, nil
}
