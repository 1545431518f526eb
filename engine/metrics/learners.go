package metrics

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
)

type learnerStore struct {
	next learning.LearnerStore
	call
}

func (s *learnerStore) CreateLearner(ctx context.Context, l *learning.Learner) (err error) {
	defer s.done("CreateLearner", time.Now(), &err)
	return s.next.CreateLearner(ctx, l)
}

func (s *learnerStore) Learner(ctx context.Context, id string) (_ *learning.Learner, err error) {
	defer s.done("Learner", time.Now(), &err)
	return s.next.Learner(ctx, id)
}

func (s *learnerStore) UpdateLearner(ctx context.Context, l *learning.Learner) (err error) {
	defer s.done("UpdateLearner", time.Now(), &err)
	return s.next.UpdateLearner(ctx, l)
}

func (s *learnerStore) RevokeLearnerCookies(ctx context.Context, id string) (_ int64, err error) {
	defer s.done("RevokeLearnerCookies", time.Now(), &err)
	return s.next.RevokeLearnerCookies(ctx, id)
}

type sessionStore struct {
	next learning.SessionStore
	call
}

func (s *sessionStore) CreateSession(ctx context.Context, ss *learning.Session) (err error) {
	defer s.done("CreateSession", time.Now(), &err)
	return s.next.CreateSession(ctx, ss)
}

func (s *sessionStore) Session(ctx context.Context, id string) (_ *learning.Session, err error) {
	defer s.done("Session", time.Now(), &err)
	return s.next.Session(ctx, id)
}

func (s *sessionStore) TouchSession(ctx context.Context, id string, expiresAt time.Time) (err error) {
	defer s.done("TouchSession", time.Now(), &err)
	return s.next.TouchSession(ctx, id, expiresAt)
}

func (s *sessionStore) DeleteSession(ctx context.Context, id string) (err error) {
	defer s.done("DeleteSession", time.Now(), &err)
	return s.next.DeleteSession(ctx, id)
}

func (s *sessionStore) DeleteLearnerSessions(ctx context.Context, learnerID string) (err error) {
	defer s.done("DeleteLearnerSessions", time.Now(), &err)
	return s.next.DeleteLearnerSessions(ctx, learnerID)
}

type privacyStore struct {
	next learning.PrivacyStore
	call
}

func (s *privacyStore) EraseLearner(ctx context.Context, e *learning.Erasure, actor string, void learning.VoidFunc) (err error) {
	defer s.done("EraseLearner", time.Now(), &err)
	return s.next.EraseLearner(ctx, e, actor, void)
}

func (s *privacyStore) InactiveLearners(ctx context.Context, t time.Time, actorPrefix string, limit int) (_ []string, err error) {
	defer s.done("InactiveLearners", time.Now(), &err)
	return s.next.InactiveLearners(ctx, t, actorPrefix, limit)
}

func (s *privacyStore) LearnersByEmail(ctx context.Context, email string) (_ []string, err error) {
	defer s.done("LearnersByEmail", time.Now(), &err)
	return s.next.LearnersByEmail(ctx, email)
}
