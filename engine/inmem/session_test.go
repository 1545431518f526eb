package inmem

import (
	"context"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storetest"
)

func TestSessionStore(t *testing.T) {
	storetest.TestSessionStore(t, func(t *testing.T) learning.SessionStore {
		s := NewSessionStore(t.Context())
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestJanitor(t *testing.T) {
	t.Run("DropsExpiredSessions", func(t *testing.T) {
		s := newSessionStore(t.Context(), 5*time.Millisecond)
		defer s.Close()
		ss := &learning.Session{ID: "s1", LearnerID: "ada", ExpiresAt: time.Now().Add(200 * time.Millisecond)}
		if err := s.CreateSession(t.Context(), ss); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); ; {
			s.mu.Lock()
			n, m := len(s.sessions), len(s.byLearner)
			s.mu.Unlock()
			if n == 0 && m == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d sessions and %d learners left after the deadline", n, m)
			}
			<-time.After(5 * time.Millisecond)
		}
	})

	t.Run("StopsWithContext", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		s := newSessionStore(ctx, time.Hour)
		cancel()
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			t.Fatal("janitor still running after its context was cancelled")
		}
		s.Close() // after the context: must not block or panic
	})

	t.Run("StopsWithClose", func(t *testing.T) {
		s := newSessionStore(t.Context(), time.Hour)
		s.Close()
		s.Close()
		select {
		case <-s.done:
		default:
			t.Fatal("janitor still running after Close")
		}
	})
}

func TestLimiter(t *testing.T) {
	storetest.TestLimiter(t, NewLimiter())
}
