// Package inmem keeps sessions in the server's memory: the default for a
// single server. Sessions are lost on restart, which costs learners a fresh
// cookie and nothing else: progress lives in the database.
package inmem

import (
	"context"
	"sync"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storage"
)

var _ storage.Sessions = (*SessionStore)(nil)

// sweepEvery is how often the janitor drops expired sessions. Expired
// sessions are never returned in between; sweeping only frees memory.
const sweepEvery = time.Minute

// SessionStore is an in-process learning.SessionStore.
type SessionStore struct {
	mu        sync.Mutex
	sessions  map[string]learning.Session
	byLearner map[string]map[string]struct{}
	now       func() time.Time

	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// NewSessionStore returns an empty store whose janitor goroutine runs until
// ctx is done or Close is called.
func NewSessionStore(ctx context.Context) *SessionStore {
	return newSessionStore(ctx, sweepEvery)
}

func newSessionStore(ctx context.Context, every time.Duration) *SessionStore {
	s := &SessionStore{
		sessions:  map[string]learning.Session{},
		byLearner: map[string]map[string]struct{}{},
		now:       time.Now,
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	go s.janitor(ctx, every)
	return s
}

// Close stops the janitor and waits for it to return.
func (s *SessionStore) Close() error {
	s.once.Do(func() { close(s.stop) })
	<-s.done
	return nil
}

func (s *SessionStore) janitor(ctx context.Context, every time.Duration) {
	defer close(s.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.stop:
			return
		case <-t.C:
			s.sweep()
		}
	}
}

func (s *SessionStore) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for id, ss := range s.sessions {
		if !now.Before(ss.ExpiresAt) {
			s.remove(id)
		}
	}
}

// CreateSession stores a new session. EINVALID without an id or learner or
// if it has already expired; ECONFLICT if the id is taken.
func (s *SessionStore) CreateSession(ctx context.Context, ss *learning.Session) error {
	if err := ss.Validate(s.now()); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.sessions[ss.ID]; ok && s.now().Before(old.ExpiresAt) {
		return engine.Errorf(engine.ECONFLICT, "session id is taken")
	}
	s.remove(ss.ID)
	s.sessions[ss.ID] = *ss
	if s.byLearner[ss.LearnerID] == nil {
		s.byLearner[ss.LearnerID] = map[string]struct{}{}
	}
	s.byLearner[ss.LearnerID][ss.ID] = struct{}{}
	return nil
}

// Session returns a live session; ENOTFOUND if absent or expired.
func (s *SessionStore) Session(ctx context.Context, id string) (*learning.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.sessions[id]
	if !ok || !s.now().Before(ss.ExpiresAt) {
		return nil, engine.Errorf(engine.ENOTFOUND, "no live session with that id")
	}
	return &ss, nil
}

// TouchSession moves a live session's expiry to expiresAt (sliding expiry);
// ENOTFOUND if absent or expired.
func (s *SessionStore) TouchSession(ctx context.Context, id string, expiresAt time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.sessions[id]
	if !ok || !s.now().Before(ss.ExpiresAt) {
		return engine.Errorf(engine.ENOTFOUND, "no live session with that id")
	}
	ss.ExpiresAt = expiresAt
	s.sessions[id] = ss
	return nil
}

// DeleteSession ends one session; deleting an absent session is not an error.
func (s *SessionStore) DeleteSession(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remove(id)
	return nil
}

// DeleteLearnerSessions ends every session of a learner.
func (s *SessionStore) DeleteLearnerSessions(ctx context.Context, learnerID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.byLearner[learnerID] {
		s.remove(id)
	}
	return nil
}

// remove drops a session and its entry in byLearner; s.mu must be held.
func (s *SessionStore) remove(id string) {
	ss, ok := s.sessions[id]
	if !ok {
		return
	}
	delete(s.sessions, id)
	delete(s.byLearner[ss.LearnerID], id)
	if len(s.byLearner[ss.LearnerID]) == 0 {
		delete(s.byLearner, ss.LearnerID)
	}
}
