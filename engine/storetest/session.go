package storetest

import (
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// TestSessionStore runs the contract of SessionStore. open is called once per
// subtest and returns a store ready to use; it registers its own cleanup.
func TestSessionStore(t *testing.T, open func(t *testing.T) learning.SessionStore) {
	t.Run("CreateAndGet", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		want := newSession("learner-"+newID(), time.Hour)
		must(t, s.CreateSession(t.Context(), want))
		got, err := s.Session(t.Context(), want.ID)
		must(t, err)
		sameJSON(t, "session", want, got)
	})

	t.Run("CreateConflict", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		first := newSession("learner-"+newID(), time.Hour)
		must(t, s.CreateSession(t.Context(), first))
		again := newSession("learner-"+newID(), time.Hour)
		again.ID = first.ID
		wantCode(t, s.CreateSession(t.Context(), again), engine.ECONFLICT)
		got, err := s.Session(t.Context(), first.ID)
		must(t, err)
		if got.LearnerID != first.LearnerID {
			t.Fatalf("session belongs to %s after a conflicting create, want %s", got.LearnerID, first.LearnerID)
		}
	})

	t.Run("CreateInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		noID, noLearner, expired := newSession("l", time.Hour), newSession("", time.Hour), newSession("l", -time.Second)
		noID.ID = ""
		for name, ss := range map[string]*learning.Session{"no id": noID, "no learner": noLearner, "expired": expired} {
			if err := s.CreateSession(t.Context(), ss); engine.ErrorCode(err) != engine.EINVALID {
				t.Fatalf("%s: got %v, want %s", name, err, engine.EINVALID)
			}
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		got, err := s.Session(t.Context(), "session-"+newID())
		wantCode(t, err, engine.ENOTFOUND)
		if got != nil {
			t.Fatalf("got session %+v with the error", got)
		}
	})

	t.Run("Expires", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		ss := newSession("learner-"+newID(), time.Second)
		must(t, s.CreateSession(t.Context(), ss))
		_, err := s.Session(t.Context(), ss.ID)
		must(t, err)
		waitNotFound(t, s, ss.ID, ss.ExpiresAt.Add(5*time.Second))
	})

	t.Run("TouchSlides", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		ss := newSession("learner-"+newID(), time.Second)
		must(t, s.CreateSession(t.Context(), ss))
		later := now().Add(time.Hour)
		must(t, s.TouchSession(t.Context(), ss.ID, later))
		// Poll past the first expiry: the session must stay alive throughout.
		for deadline := ss.ExpiresAt.Add(200 * time.Millisecond); time.Now().Before(deadline); {
			got, err := s.Session(t.Context(), ss.ID)
			must(t, err)
			if !got.ExpiresAt.Equal(later) {
				t.Fatalf("ExpiresAt %v after touch, want %v", got.ExpiresAt, later)
			}
			pause(t)
		}
	})

	t.Run("TouchShortens", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		ss := newSession("learner-"+newID(), time.Hour)
		must(t, s.CreateSession(t.Context(), ss))
		soon := now().Add(500 * time.Millisecond)
		must(t, s.TouchSession(t.Context(), ss.ID, soon))
		waitNotFound(t, s, ss.ID, soon.Add(5*time.Second))
	})

	t.Run("TouchNotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		wantCode(t, s.TouchSession(t.Context(), "session-"+newID(), now().Add(time.Hour)), engine.ENOTFOUND)
	})

	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		ss := newSession("learner-"+newID(), time.Hour)
		must(t, s.CreateSession(t.Context(), ss))
		must(t, s.DeleteSession(t.Context(), ss.ID))
		_, err := s.Session(t.Context(), ss.ID)
		wantCode(t, err, engine.ENOTFOUND)
		must(t, s.DeleteSession(t.Context(), ss.ID))
	})

	t.Run("DeleteLearnerSessions", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		learner, other := "learner-"+newID(), "learner-"+newID()
		mine := []*learning.Session{newSession(learner, time.Hour), newSession(learner, time.Hour), newSession(learner, time.Minute)}
		theirs := newSession(other, time.Hour)
		for _, ss := range append(mine, theirs) {
			must(t, s.CreateSession(t.Context(), ss))
		}
		must(t, s.DeleteSession(t.Context(), mine[2].ID))
		must(t, s.DeleteLearnerSessions(t.Context(), learner))
		for _, ss := range mine {
			_, err := s.Session(t.Context(), ss.ID)
			wantCode(t, err, engine.ENOTFOUND)
		}
		_, err := s.Session(t.Context(), theirs.ID)
		must(t, err)
		must(t, s.DeleteLearnerSessions(t.Context(), "learner-"+newID()))
	})
}

func newSession(learnerID string, ttl time.Duration) *learning.Session {
	at := now()
	return &learning.Session{ID: "session-" + newID(), LearnerID: learnerID, CSRFToken: "csrf-" + newID(),
		CreatedAt: at, ExpiresAt: at.Add(ttl)}
}

// waitNotFound polls until the session is gone, failing at deadline.
func waitNotFound(t testing.TB, s learning.SessionStore, id string, deadline time.Time) {
	t.Helper()
	for {
		_, err := s.Session(t.Context(), id)
		switch engine.ErrorCode(err) {
		case engine.ENOTFOUND:
			return
		case "":
		default:
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("session %s still live at %v", id, deadline)
		}
		pause(t)
	}
}

// pause is the interval between two polls.
func pause(t testing.TB) {
	select {
	case <-time.After(10 * time.Millisecond):
	case <-t.Context().Done():
	}
}
