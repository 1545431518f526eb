package devbench

import (
	"context"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// WrapProgress returns p noting, on the Handle call they came from, the
// statements the engine stores: what a content type's drafts became,
// as an LRS client reads them back.
func (b *Bench) WrapProgress(p learning.ProgressStore) learning.ProgressStore {
	return storing{ProgressStore: p, bench: b}
}

// storing is the progress store with what it stores noted on the bench.
type storing struct {
	learning.ProgressStore
	bench *Bench
}

func (s storing) RecordInteraction(ctx context.Context, st *learning.ObjectState, stmts []xapi.Statement) error {
	err := s.ProgressStore.RecordInteraction(ctx, st, stmts)
	if err == nil {
		s.bench.recorded(st.RegistrationID, st.ObjectID, stmts)
	}
	return err
}

func (s storing) CompleteRegistration(ctx context.Context, registrationID string, end learning.RegistrationEnd, stmts []xapi.Statement) (bool, error) {
	won, err := s.ProgressStore.CompleteRegistration(ctx, registrationID, end, stmts)
	if won {
		s.bench.recorded(registrationID, "", stmts)
	}
	return won, err
}

// recorded adds stmts to the newest call of the registration (on the
// object, when one is named): the engine stores a call's statements after
// the call returns, in the same request, so that is the call they came
// from. Statements stored for another content type's object match no call.
func (b *Bench) recorded(registration, object string, stmts []xapi.Statement) {
	if len(stmts) == 0 {
		return
	}
	b.update(func() {
		for i := len(b.calls) - 1; i >= 0; i-- {
			c := &b.calls[i]
			if c.Registration == registration && (object == "" || c.Object == object) {
				c.Recorded = append(c.Recorded, stmts...)
				return
			}
		}
	})
}
