package learning

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
)

// Accounts signs learners in, so that progress follows them to another
// device or browser: by a one-time link sent to their email, or by a
// resume code they keep. A learner starts anonymous; signing in with an
// email nobody has verified makes the current learner that account, and
// signing in to an existing account merges the anonymous progress of the
// browser into it, keeping the further progress where both started a
// module.
type Accounts struct {
	Store    AccountStore
	Learners LearnerStore
	Progress ProgressStore
	Mail     Mailer
	SiteName string
	// LinkTTL is how long a sign-in link works; 15 minutes when 0.
	LinkTTL time.Duration
	Now     func() time.Time // time.Now when nil
}

// Mailer sends one plain-text mail.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// Mail is a plain-text message to one address.
type Mail struct {
	To, Subject, Text string
}

const defaultLinkTTL = 15 * time.Minute

func (a *Accounts) now() time.Time {
	if a.Now != nil {
		return a.Now().UTC()
	}
	return time.Now().UTC()
}

func (a *Accounts) linkTTL() time.Duration {
	if a.LinkTTL > 0 {
		return a.LinkTTL
	}
	return defaultLinkTTL
}

// RequestLink mails a one-time sign-in link to email; link makes the URL
// from the token. Whether anyone has used the address before is not
// revealed: every valid address gets a link.
func (a *Accounts) RequestLink(ctx context.Context, email string, link func(token string) string) error {
	p, err := Profile{Email: email}.Clean()
	if err != nil {
		return err
	}
	if p.Email == "" {
		return engine.FieldError("email", "is empty; type the email address to send the sign-in link to")
	}
	token, now := randomID(32), a.now()
	if err := a.Store.CreateSignInToken(ctx, &SignInToken{
		Hash: secretHash(token), Email: p.Email, CreatedAt: now, ExpiresAt: now.Add(a.linkTTL()),
	}); err != nil {
		return err
	}
	minutes := int(a.linkTTL().Minutes())
	return a.Mail.Send(ctx, Mail{
		To:      p.Email,
		Subject: "Sign in to " + a.SiteName,
		Text: fmt.Sprintf("Open this link within %d minutes to sign in to %s and continue where you left off:\n\n%s\n\n"+
			"The link works once. If you did not ask to sign in, ignore this mail: nothing changes.\n", minutes, a.SiteName, link(token)),
	})
}

// SignInWithLink uses a sign-in link's token, once, and returns the
// learner it signs in: the account with that verified email, made from
// current (the browser's learner, "" for a visitor) when there is none
// yet. ENOTFOUND for a used or expired link.
func (a *Accounts) SignInWithLink(ctx context.Context, token, current string) (*Learner, error) {
	tok, err := a.Store.UseSignInToken(ctx, secretHash(token), a.now())
	if err != nil {
		return nil, err
	}
	account, err := a.Store.LearnerByEmail(ctx, tok.Email)
	switch engine.ErrorCode(err) {
	case engine.ENOTFOUND:
		return a.claim(ctx, current, tok.Email)
	case "":
		return account, a.merge(ctx, current, account.ID)
	}
	return nil, err
}

// claim makes email the verified email of the browser's anonymous
// learner, or of a new learner when there is none (or the browser's is
// another account).
func (a *Accounts) claim(ctx context.Context, current, email string) (*Learner, error) {
	var l *Learner
	if current != "" {
		cur, err := a.Learners.Learner(ctx, current)
		if err != nil && engine.ErrorCode(err) != engine.ENOTFOUND {
			return nil, err
		}
		if err == nil && cur.EmailVerifiedAt == nil && cur.MergedInto == "" {
			l = cur
		}
	}
	if l == nil {
		now := a.now()
		l = &Learner{ID: randomID(10), CreatedAt: now, UpdatedAt: now}
		if err := a.Learners.CreateLearner(ctx, l); err != nil {
			return nil, err
		}
	}
	now := a.now()
	if err := a.Store.VerifyEmail(ctx, l.ID, email, now); err != nil {
		return nil, err
	}
	l.Email, l.EmailVerifiedAt = email, &now
	return l, nil
}

// NewResumeCode gives the learner a new resume code, replacing any
// earlier one, and returns it to be shown once: only its hash is kept.
func (a *Accounts) NewResumeCode(ctx context.Context, learnerID string) (string, error) {
	raw := strings.ToUpper(randomID(8))[:12] // 60 bits
	if err := a.Store.SetResumeCode(ctx, learnerID, secretHash(raw)); err != nil {
		return "", err
	}
	return raw[:4] + "-" + raw[4:8] + "-" + raw[8:], nil
}

// SignInWithCode signs in the learner whose resume code this is, merging
// the browser's anonymous learner (current) into them. ENOTFOUND naming
// the field for a code that is no one's.
func (a *Accounts) SignInWithCode(ctx context.Context, code, current string) (*Learner, error) {
	norm := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	if len(norm) != 12 {
		return nil, engine.FieldError("code", "must be the 12 letters and digits of your resume code, like ABCD-EF23-GH45")
	}
	l, err := a.Store.LearnerByResumeCode(ctx, secretHash(norm))
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return nil, engine.FieldError("code", "is not a resume code we know; check it, or sign in with your email")
	}
	if err != nil {
		return nil, err
	}
	return l, a.merge(ctx, current, l.ID)
}

// merge moves the progress of the browser's learner (from) into the
// account signed in to: modules only from started are moved; where both
// started one, the further progress is kept and the other dropped. Only
// an anonymous learner is merged: a browser signed in to one account that
// signs in to another simply changes account.
func (a *Accounts) merge(ctx context.Context, from, into string) error {
	if from == "" || from == into {
		return nil
	}
	l, err := a.Learners.Learner(ctx, from)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if l.EmailVerifiedAt != nil || l.MergedInto != "" {
		return nil
	}
	mine, err := a.progressByModule(ctx, from)
	if err != nil {
		return err
	}
	theirs, err := a.progressByModule(ctx, into)
	if err != nil {
		return err
	}
	var move, drop []string
	for module, p := range mine {
		other, both := theirs[module]
		switch {
		case !both:
			move = append(move, p.reg.ID)
		case p.further(other):
			drop, move = append(drop, other.reg.ID), append(move, p.reg.ID)
		default:
			drop = append(drop, p.reg.ID)
		}
	}
	return a.Store.MergeLearner(ctx, from, into, move, drop)
}

// registrationProgress is how far a registration got, for a merge.
type registrationProgress struct {
	reg       Registration
	satisfied int
}

// further reports whether p got further than q: completed beats failed,
// which beats still open (a failure is an outcome, and signing in must not
// be a way to wipe one), then more objects satisfied, then the later work.
func (p registrationProgress) further(q registrationProgress) bool {
	if p.ended() != q.ended() {
		return p.ended() > q.ended()
	}
	if p.satisfied != q.satisfied {
		return p.satisfied > q.satisfied
	}
	return p.reg.UpdatedAt.After(q.reg.UpdatedAt)
}

// ended ranks how a registration ended: 2 completed, 1 failed, 0 open.
func (p registrationProgress) ended() int {
	switch {
	case p.reg.CompletedAt != nil:
		return 2
	case p.reg.FailedAt != nil:
		return 1
	}
	return 0
}

func (a *Accounts) progressByModule(ctx context.Context, learnerID string) (map[string]registrationProgress, error) {
	regs, err := a.Progress.LearnerRegistrations(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]registrationProgress, len(regs))
	for _, r := range regs {
		states, err := a.Progress.ObjectStates(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		p := registrationProgress{reg: r}
		for _, s := range states {
			if ObjectSatisfied(s) {
				p.satisfied++
			}
		}
		out[r.ModuleID] = p
	}
	return out, nil
}

// secretHash is how sign-in tokens and resume codes are kept: their
// SHA-256, which a copy of the database cannot turn back into a way in.
// (They are random and long enough that a fast hash is enough.)
func secretHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
