package learning

import (
	"context"
	"slices"
	"time"

	"github.com/lode-elearning/lode/engine"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// LearnerRecord is everything Lode holds about a learner, for a patron who
// asks to see it.
type LearnerRecord struct {
	Learner       *Learner
	Registrations []RegistrationRecord
	// Statements are the statements about the learner that the learner may
	// read through /xapi (voided ones are not), oldest first. From
	// Privacy.Export they include those made before the learner signed in,
	// under the anonymous ids in Merged.
	Statements []xapi.Statement
	// Merged are the anonymous learners merged into this one when they
	// signed in (Privacy.Export only).
	Merged []string
}

// RegistrationRecord is one registration with its object states.
type RegistrationRecord struct {
	Registration
	States []ObjectState
}

// Export gathers the learner's record. Statements are read through the
// LRS as the learner, so that the learner sees exactly what the read rules
// let them see. ENOTFOUND if the learner does not exist.
func (d *Delivery) Export(ctx context.Context, learnerID string) (*LearnerRecord, error) {
	l, err := d.Learners.Learner(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	rec := &LearnerRecord{Learner: l}
	regs, err := d.Progress.LearnerRegistrations(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	for _, r := range regs {
		states, err := d.Progress.ObjectStates(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		rec.Registrations = append(rec.Registrations, RegistrationRecord{Registration: r, States: states})
	}
	if rec.Statements, err = d.learnerStatements(ctx, l); err != nil {
		return nil, err
	}
	return rec, nil
}

// Export is Delivery.Export plus what the learner did before signing in:
// the statements of the anonymous learners merged into the account are
// still theirs, under the anonymous account ids, and a patron asking for
// their data gets those too, as erasing them erases those too.
func (p *Privacy) Export(ctx context.Context, learnerID string) (*LearnerRecord, error) {
	rec, err := p.Delivery.Export(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	if rec.Merged, err = p.Accounts.MergedLearners(ctx, learnerID); err != nil {
		return nil, err
	}
	for _, id := range rec.Merged {
		l, err := p.Delivery.Learners.Learner(ctx, id)
		if engine.ErrorCode(err) == engine.ENOTFOUND {
			continue // erased meanwhile
		} else if err != nil {
			return nil, err
		}
		stmts, err := p.Delivery.learnerStatements(ctx, l)
		if err != nil {
			return nil, err
		}
		rec.Statements = append(rec.Statements, stmts...)
	}
	// Oldest first, across the ids, as each one's statements come.
	slices.SortStableFunc(rec.Statements, func(a, b xapi.Statement) int {
		return storedAt(a).Compare(storedAt(b))
	})
	return rec, nil
}

func storedAt(s xapi.Statement) time.Time {
	if s.Stored == nil {
		return time.Time{}
	}
	return *s.Stored
}

// learnerStatements pages through every statement the learner may read.
func (d *Delivery) learnerStatements(ctx context.Context, l *Learner) ([]xapi.Statement, error) {
	caller := lrs.LearnerCaller(d.Actor(l))
	f := lrs.StatementFilter{Ascending: true}
	var all []xapi.Statement
	for {
		page, next, err := d.LRS.Query(ctx, caller, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		f.Cursor = next
	}
}
