package metrics

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
)

type accountStore struct {
	next learning.AccountStore
	call
}

func (s *accountStore) LearnerByEmail(ctx context.Context, email string) (_ *learning.Learner, err error) {
	defer s.done("LearnerByEmail", time.Now(), &err)
	return s.next.LearnerByEmail(ctx, email)
}

func (s *accountStore) VerifyEmail(ctx context.Context, learnerID, email string, t time.Time) (err error) {
	defer s.done("VerifyEmail", time.Now(), &err)
	return s.next.VerifyEmail(ctx, learnerID, email, t)
}

func (s *accountStore) CreateSignInToken(ctx context.Context, t *learning.SignInToken) (err error) {
	defer s.done("CreateSignInToken", time.Now(), &err)
	return s.next.CreateSignInToken(ctx, t)
}

func (s *accountStore) UseSignInToken(ctx context.Context, hash string, now time.Time) (_ *learning.SignInToken, err error) {
	defer s.done("UseSignInToken", time.Now(), &err)
	return s.next.UseSignInToken(ctx, hash, now)
}

func (s *accountStore) SetResumeCode(ctx context.Context, learnerID, hash string) (err error) {
	defer s.done("SetResumeCode", time.Now(), &err)
	return s.next.SetResumeCode(ctx, learnerID, hash)
}

func (s *accountStore) LearnerByResumeCode(ctx context.Context, hash string) (_ *learning.Learner, err error) {
	defer s.done("LearnerByResumeCode", time.Now(), &err)
	return s.next.LearnerByResumeCode(ctx, hash)
}

func (s *accountStore) MergeLearner(ctx context.Context, from, into string, move, drop []string) (err error) {
	defer s.done("MergeLearner", time.Now(), &err)
	return s.next.MergeLearner(ctx, from, into, move, drop)
}

func (s *accountStore) MergedLearners(ctx context.Context, id string) (_ []string, err error) {
	defer s.done("MergedLearners", time.Now(), &err)
	return s.next.MergedLearners(ctx, id)
}
