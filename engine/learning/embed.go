package learning

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"net/url"
	"strings"

	"github.com/lode-elearning/lode/engine"
)

// CheckEmbedOrigin returns why o cannot be an embedding site's origin, or
// nil. An origin is copied into the frame-ancestors directive and compared
// with the origin of the page around a frame, so it must be exactly
// scheme://host[:port]. Plain http is accepted only for the local machine
// (localhost, 127.0.0.1), where sites are developed: anywhere else the page
// around Lode could be changed on its way to the learner.
func CheckEmbedOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || u.Host == "" || u.Path != "" || u.User != nil || u.RawQuery != "" ||
		u.Fragment != "" || u.Opaque != "" || strings.Contains(u.Host, "*") || u.String() != o {
		return fmt.Errorf("%q must be an origin such as https://library.example or https://library.example:8443, with no path, trailing slash or wildcard", o)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && (u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1"):
		return nil
	case u.Scheme == "http":
		return fmt.Errorf("%q uses http://, which is accepted only for http://localhost and http://127.0.0.1 (development); use the site's https:// origin", o)
	}
	return fmt.Errorf("%q must be an https:// origin such as https://library.example", o)
}

// EmbedIdentity is who an embedding site says its user is, in a launch
// token the site signed: Site (the token's issuer) and Subject (the site's
// own user id) name the learner; Name and Email are profile data that Lode
// has not verified.
type EmbedIdentity struct {
	Site    string
	Subject string
	Name    string
	Email   string
}

// EmbedLearner returns the learner a site's user is, creating them on the
// first launch: the same (Site, Subject) is always the same learner, or the
// account that learner was later merged into by signing in. Name and Email
// update the learner's profile; Email is never verified by this, so a
// launch can neither sign in to nor claim an account that owns that email
// (see docs/embedding.md).
func (d *Delivery) EmbedLearner(ctx context.Context, id EmbedIdentity) (*Learner, error) {
	if id.Site == "" || id.Subject == "" {
		return nil, engine.FieldError("sub", "missing; a launch token must name the site's user")
	}
	p, err := Profile{Name: id.Name, Email: id.Email}.Clean()
	if err != nil {
		return nil, err
	}
	l, err := d.embedLearner(ctx, embedLearnerID(id.Site, id.Subject))
	if err != nil {
		return nil, err
	}
	if p.Name == "" && p.Email == "" || l.Name == p.Name && l.Email == p.Email {
		return l, nil
	}
	if p.Email == "" || l.EmailVerifiedAt != nil {
		p.Email = l.Email // a verified email is the account's: the site does not change it
	}
	l.Name, l.Email, l.UpdatedAt = p.Name, p.Email, d.now()
	return l, d.Learners.UpdateLearner(ctx, l)
}

// embedLearner finds or creates the learner with this id, following a
// merge into an account.
func (d *Delivery) embedLearner(ctx context.Context, id string) (*Learner, error) {
	l, err := d.Learners.Learner(ctx, id)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		now := d.now()
		l = &Learner{ID: id, CreatedAt: now, UpdatedAt: now}
		err = d.Learners.CreateLearner(ctx, l)
		if engine.ErrorCode(err) == engine.ECONFLICT { // another launch made them first
			l, err = d.Learners.Learner(ctx, id)
		}
	}
	for hops := 0; err == nil && l.MergedInto != "" && hops < 8; hops++ {
		l, err = d.Learners.Learner(ctx, l.MergedInto)
	}
	return l, err
}

// embedLearnerID derives a learner id from the site and its user id, so
// that no table maps one to the other: a hash, shaped like randomID's ids
// (16 base32 characters) and prefixed so it is never one of them.
func embedLearnerID(site, subject string) string {
	h := sha256.Sum256([]byte("lode embed learner\x00" + site + "\x00" + subject))
	return "e" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:10]))
}
