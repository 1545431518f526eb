package learning

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Why a learner was erased, as the erasure record keeps it.
const (
	ErasedByPatron    = "patron"        // the patron, on /profile
	ErasedByAdmin     = "administrator" // lode learners erase
	ErasedByRetention = "retention"     // inactive and anonymous for anonymous_retention
)

// Erasure is the record kept of an erased learner: the random id (no
// name, no email), when, why, and how much was removed, so that a library
// can show that a request was honoured without keeping what it erased.
type Erasure struct {
	LearnerID     string
	Reason        string
	ErasedAt      time.Time
	Registrations int // registrations deleted
	ObjectStates  int
	Statements    int // statements whose actor was the learner
	Documents     int // xAPI State and Agent Profile documents about the learner
	Attachments   int // attachment contents no other statement uses
	// Voided counts the voiding statements queued for remote LRSs: one
	// per erased statement and remote that had already received it.
	Voided int
	// Dropped counts the outbox rows of erased statements not yet
	// delivered (or refused by the remote), removed instead of sent.
	Dropped int
}

// VoidFunc returns statements, ready to store, that void the statements
// with the given ids (lrs.Service.EngineVoids).
type VoidFunc func(ids []string) ([]xapi.Statement, error)

// PrivacyStore erases learners and finds those kept too long.
type PrivacyStore interface {
	// EraseLearner deletes in one transaction the learner e.LearnerID,
	// their registrations and object states, the statements whose actor's
	// IFI is actor with everything they are found by, the documents about
	// that agent, the attachment contents only those statements used, and
	// their rows in the forwarding outbox. For the statements already
	// delivered to a remote LRS, it stores the statements void makes and
	// queues each for the remotes that received the statement it voids,
	// and for no other. It records e with the counts filled in.
	// engine.ENOTFOUND if there is no such learner.
	EraseLearner(ctx context.Context, e *Erasure, actor string, void VoidFunc) error
	// InactiveLearners returns up to limit ids of learners without an
	// email whose last activity was before t: the latest of their
	// creation, profile change, registrations' and object states' changes,
	// and statements stored whose actor's IFI is actorPrefix + their id.
	InactiveLearners(ctx context.Context, t time.Time, actorPrefix string, limit int) ([]string, error)
	// LearnersByEmail returns the ids of the learners who gave email,
	// compared without regard to case; none (and no error) if nobody did.
	// Emails are not unique: two patrons may share a family address.
	LearnersByEmail(ctx context.Context, email string) ([]string, error)
}

// Privacy honours patrons' requests to be forgotten and forgets, by
// itself, those who stopped coming without ever saying who they are.
type Privacy struct {
	Delivery *Delivery // Actor and the LRS that voids as the engine
	Store    PrivacyStore
	Accounts AccountStore // finds the anonymous learners merged into an account
	Sessions *Sessions    // nil when the caller cannot reach them (a CLI with in-process sessions)
}

// Erase removes everything Lode holds about a learner (PrivacyStore.
// EraseLearner) after ending their sessions, and returns the record kept.
// ENOTFOUND if there is no such learner.
func (p *Privacy) Erase(ctx context.Context, learnerID, reason string) (*Erasure, error) {
	d := p.Delivery
	l, err := d.Learners.Learner(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	// Sessions first: a session ended cannot write again meanwhile; if
	// this fails, nothing is erased and the patron may try again.
	if p.Sessions != nil {
		if err := p.Sessions.EndAll(ctx, l.ID); err != nil {
			return nil, err
		}
	}
	// The anonymous learners merged into this one when they signed in
	// hold the statements made before: they are this patron too.
	merged, err := p.Accounts.MergedLearners(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	for _, id := range merged {
		if _, err := p.Erase(ctx, id, reason); err != nil && engine.ErrorCode(err) != engine.ENOTFOUND {
			return nil, err
		}
	}
	now := d.now()
	e := &Erasure{LearnerID: l.ID, Reason: reason, ErasedAt: now}
	void := func(ids []string) ([]xapi.Statement, error) { return d.LRS.EngineVoids(ids, now) }
	if err := p.Store.EraseLearner(ctx, e, d.Actor(l).IFI(), void); err != nil {
		return nil, err
	}
	return e, nil
}

// sweepBatch is how many learners a sweep reads at a time.
const sweepBatch = 100

// Sweep erases, for reason ErasedByRetention, every learner without an
// email inactive for longer than retention, and returns how many it
// erased. A learner erased meanwhile by someone else is skipped.
func (p *Privacy) Sweep(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 {
		return 0, nil
	}
	before := p.Delivery.now().Add(-retention)
	prefix := p.Delivery.Actor(&Learner{}).IFI() // the IFI of a learner whose id is ""
	n := 0
	for {
		ids, err := p.Store.InactiveLearners(ctx, before, prefix, sweepBatch)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			_, err := p.Erase(ctx, id, ErasedByRetention)
			if engine.ErrorCode(err) == engine.ENOTFOUND {
				continue
			} else if err != nil {
				return n, err
			}
			n++
		}
		if len(ids) < sweepBatch {
			return n, nil
		}
	}
}
