package storetest

import (
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

func testLearners(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("CreateAndGet", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := &learning.Learner{ID: "learner-" + newID(), Name: "Ada Reader", Email: "ada@library.example"}
		must(t, s.Learners.CreateLearner(t.Context(), l))
		if l.CreatedAt.IsZero() || !l.UpdatedAt.Equal(l.CreatedAt) {
			t.Fatalf("CreatedAt %v, UpdatedAt %v: want both set and equal", l.CreatedAt, l.UpdatedAt)
		}
		got, err := s.Learners.Learner(t.Context(), l.ID)
		must(t, err)
		sameJSON(t, "learner", l, got)
	})

	t.Run("CreateKeepsGivenCreatedAt", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		at := now().Add(-72 * time.Hour)
		l := &learning.Learner{ID: "learner-" + newID(), CreatedAt: at}
		must(t, s.Learners.CreateLearner(t.Context(), l))
		got, err := s.Learners.Learner(t.Context(), l.ID)
		must(t, err)
		if !got.CreatedAt.Equal(at) {
			t.Fatalf("CreatedAt %v, want %v", got.CreatedAt, at)
		}
	})

	t.Run("CreateConflict", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		err := s.Learners.CreateLearner(t.Context(), &learning.Learner{ID: l.ID, Name: "Someone Else"})
		wantCode(t, err, engine.ECONFLICT)
		got, err := s.Learners.Learner(t.Context(), l.ID)
		must(t, err)
		if got.Name != l.Name {
			t.Fatalf("name %q after a conflicting create, want %q", got.Name, l.Name)
		}
	})

	t.Run("CreateWithoutID", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		wantCode(t, s.Learners.CreateLearner(t.Context(), &learning.Learner{Name: "No One"}), engine.EINVALID)
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l, err := s.Learners.Learner(t.Context(), "learner-"+newID())
		wantCode(t, err, engine.ENOTFOUND)
		if l != nil {
			t.Fatalf("got learner %+v with the error", l)
		}
	})

	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		created := l.CreatedAt
		l.Name, l.Email = "Ada L. Reader", "ada.reader@library.example"
		must(t, s.Learners.UpdateLearner(t.Context(), l))
		got, err := s.Learners.Learner(t.Context(), l.ID)
		must(t, err)
		if got.Name != l.Name || got.Email != l.Email {
			t.Fatalf("got %q <%s>, want %q <%s>", got.Name, got.Email, l.Name, l.Email)
		}
		if !got.CreatedAt.Equal(created) || got.UpdatedAt.Before(created) {
			t.Fatalf("CreatedAt %v UpdatedAt %v, want CreatedAt %v kept and UpdatedAt not before it",
				got.CreatedAt, got.UpdatedAt, created)
		}
	})

	t.Run("UpdateNotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		err := s.Learners.UpdateLearner(t.Context(), &learning.Learner{ID: "learner-" + newID(), Name: "Ghost"})
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("RevokeCookies", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		if l.CookieGeneration != 0 {
			t.Fatalf("a new learner has cookie generation %d, want 0", l.CookieGeneration)
		}
		for want := int64(1); want <= 2; want++ {
			gen, err := s.Learners.RevokeLearnerCookies(t.Context(), l.ID)
			must(t, err)
			got, err := s.Learners.Learner(t.Context(), l.ID)
			must(t, err)
			if gen != want || got.CookieGeneration != want {
				t.Fatalf("revocation %d: returned generation %d, stored %d", want, gen, got.CookieGeneration)
			}
			if got.Name != l.Name || got.Email != l.Email {
				t.Fatalf("revoking cookies changed the profile to %q <%s>", got.Name, got.Email)
			}
		}
	})

	t.Run("RevokeCookiesNotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		_, err := s.Learners.RevokeLearnerCookies(t.Context(), "learner-"+newID())
		wantCode(t, err, engine.ENOTFOUND)
	})
}
