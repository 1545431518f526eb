package learning

import (
	"context"
	"time"
)

// Sessions issues and resolves learner sessions. A session holds nothing
// but the tie between a browser and a learner, so losing every session
// (Redis flushed) loses no progress.
type Sessions struct {
	Store SessionStore
	TTL   time.Duration    // sliding lifetime
	Now   func() time.Time // time.Now when nil
}

func (s *Sessions) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Start opens a new session for a learner.
func (s *Sessions) Start(ctx context.Context, learnerID string) (*Session, error) {
	return s.start(ctx, learnerID, randomID(20))
}

// StartKeepingCSRF opens a new session for a visitor who has just become a
// learner, keeping the CSRF token their open pages already carry, so that
// the page on which they first wrote keeps working without a reload.
func (s *Sessions) StartKeepingCSRF(ctx context.Context, learnerID, csrfToken string) (*Session, error) {
	return s.start(ctx, learnerID, csrfToken)
}

func (s *Sessions) start(ctx context.Context, learnerID, csrfToken string) (*Session, error) {
	now := s.now()
	sess := &Session{
		ID: randomID(32), LearnerID: learnerID, CSRFToken: csrfToken,
		CreatedAt: now, ExpiresAt: now.Add(s.TTL),
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return nil, err
	}
	return sess, nil
}

// Resume returns a live session and slides its expiry forward. The expiry
// is written at most once per hundredth of the TTL, so a learner clicking
// through a module does not cost a write per request.
func (s *Sessions) Resume(ctx context.Context, id string) (*Session, error) {
	sess, err := s.Store.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if next := now.Add(s.TTL); next.Sub(sess.ExpiresAt) > s.TTL/100 {
		if err := s.Store.TouchSession(ctx, id, next); err != nil {
			return nil, err
		}
		sess.ExpiresAt = next
	}
	return sess, nil
}

// End ends one session (log out).
func (s *Sessions) End(ctx context.Context, id string) error {
	return s.Store.DeleteSession(ctx, id)
}

// EndAll ends every session of a learner (log out everywhere).
func (s *Sessions) EndAll(ctx context.Context, learnerID string) error {
	return s.Store.DeleteLearnerSessions(ctx, learnerID)
}
