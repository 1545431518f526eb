package metrics

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

type progressStore struct {
	next learning.ProgressStore
	call
}

func (s *progressStore) EnsureRegistration(ctx context.Context, r *learning.Registration) (_ *learning.Registration, err error) {
	defer s.done("EnsureRegistration", time.Now(), &err)
	return s.next.EnsureRegistration(ctx, r)
}

func (s *progressStore) FindRegistration(ctx context.Context, learnerID, moduleID string) (_ *learning.Registration, err error) {
	defer s.done("FindRegistration", time.Now(), &err)
	return s.next.FindRegistration(ctx, learnerID, moduleID)
}

func (s *progressStore) LearnerRegistrations(ctx context.Context, learnerID string) (_ []learning.Registration, err error) {
	defer s.done("LearnerRegistrations", time.Now(), &err)
	return s.next.LearnerRegistrations(ctx, learnerID)
}

func (s *progressStore) SetCurrentObject(ctx context.Context, registrationID, objectID string) (err error) {
	defer s.done("SetCurrentObject", time.Now(), &err)
	return s.next.SetCurrentObject(ctx, registrationID, objectID)
}

func (s *progressStore) CompleteRegistration(ctx context.Context, registrationID string, end learning.RegistrationEnd, stmts []xapi.Statement) (_ bool, err error) {
	defer s.done("CompleteRegistration", time.Now(), &err)
	return s.next.CompleteRegistration(ctx, registrationID, end, stmts)
}

func (s *progressStore) ObjectStates(ctx context.Context, registrationID string) (_ []learning.ObjectState, err error) {
	defer s.done("ObjectStates", time.Now(), &err)
	return s.next.ObjectStates(ctx, registrationID)
}

func (s *progressStore) RecordInteraction(ctx context.Context, st *learning.ObjectState, stmts []xapi.Statement) (err error) {
	defer s.done("RecordInteraction", time.Now(), &err)
	if err = s.next.RecordInteraction(ctx, st, stmts); err == nil {
		s.m.statements.Add(float64(len(stmts)))
	}
	return err
}
