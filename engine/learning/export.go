package learning

import (
	"context"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/xapi"
)

// LearnerRecord is everything Lode holds about a learner, for a patron who
// asks to see it.
type LearnerRecord struct {
	Learner       *Learner
	Registrations []RegistrationRecord
	// Statements are the statements about the learner that the learner may
	// read through /xapi (voided ones are not), oldest first.
	Statements []xapi.Statement
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
