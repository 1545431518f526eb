package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
)

func testRegistrations(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("EnsureCreates", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		r, err := s.Progress.EnsureRegistration(t.Context(), &engine.Registration{
			LearnerID: l.ID, ModuleID: "module-" + newID(), CurrentObject: "intro",
		})
		must(t, err)
		if r.ID == "" || r.StartedAt.IsZero() || r.CurrentObject != "intro" || r.CompletedAt != nil {
			t.Fatalf("got %+v: want a generated id, StartedAt set, CurrentObject intro, not completed", r)
		}
		got, err := s.Progress.Registration(t.Context(), r.ID)
		must(t, err)
		sameJSON(t, "registration", r, got)
	})

	t.Run("EnsureReturnsExisting", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		first := mustRegistration(t, s)
		again, err := s.Progress.EnsureRegistration(t.Context(), &engine.Registration{
			ID: newID(), LearnerID: first.LearnerID, ModuleID: first.ModuleID, CurrentObject: "elsewhere",
		})
		must(t, err)
		sameJSON(t, "registration", first, again)
	})

	t.Run("EnsureConcurrent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		module := "module-" + newID()
		const n = 16
		ids := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				r, err := s.Progress.EnsureRegistration(t.Context(), &engine.Registration{
					ID: newID(), LearnerID: l.ID, ModuleID: module,
				})
				errs[i] = err
				if err == nil {
					ids[i] = r.ID
				}
			})
		}
		wg.Wait()
		for i := range n {
			must(t, errs[i])
			if ids[i] != ids[0] {
				t.Fatalf("caller %d got registration %s, caller 0 got %s: want one registration", i, ids[i], ids[0])
			}
		}
	})

	t.Run("EnsureUnknownLearner", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		_, err := s.Progress.EnsureRegistration(t.Context(), &engine.Registration{
			LearnerID: "learner-" + newID(), ModuleID: "module-" + newID(),
		})
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("EnsureIDTakenByAnother", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		other := mustRegistration(t, s)
		l := mustLearner(t, s)
		_, err := s.Progress.EnsureRegistration(t.Context(), &engine.Registration{
			ID: other.ID, LearnerID: l.ID, ModuleID: other.ModuleID,
		})
		wantCode(t, err, engine.ECONFLICT)
	})

	t.Run("EnsureInvalidID", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		_, err := s.Progress.EnsureRegistration(t.Context(), &engine.Registration{
			ID: "not-a-uuid", LearnerID: l.ID, ModuleID: "module-" + newID(),
		})
		wantCode(t, err, engine.EINVALID)
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for _, id := range []string{newID(), "not-a-uuid"} {
			r, err := s.Progress.Registration(t.Context(), id)
			wantCode(t, err, engine.ENOTFOUND)
			if r != nil {
				t.Fatalf("got registration %+v with the error", r)
			}
		}
	})

	t.Run("FindWithoutCreating", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		module := "module-" + newID()
		_, err := s.Progress.FindRegistration(t.Context(), l.ID, module)
		wantCode(t, err, engine.ENOTFOUND)
		_, err = s.Progress.FindRegistration(t.Context(), l.ID, module)
		wantCode(t, err, engine.ENOTFOUND) // the first look created nothing
		r, err := s.Progress.EnsureRegistration(t.Context(), &engine.Registration{LearnerID: l.ID, ModuleID: module, CurrentObject: "intro"})
		must(t, err)
		got, err := s.Progress.FindRegistration(t.Context(), l.ID, module)
		must(t, err)
		sameJSON(t, "registration", r, got)
	})

	t.Run("SetCurrentObject", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		must(t, s.Progress.SetCurrentObject(t.Context(), r.ID, "quiz-2"))
		got, err := s.Progress.Registration(t.Context(), r.ID)
		must(t, err)
		if got.CurrentObject != "quiz-2" || got.UpdatedAt.Before(r.UpdatedAt) {
			t.Fatalf("got CurrentObject %q UpdatedAt %v, want quiz-2 and not before %v",
				got.CurrentObject, got.UpdatedAt, r.UpdatedAt)
		}
		wantCode(t, s.Progress.SetCurrentObject(t.Context(), newID(), "quiz-2"), engine.ENOTFOUND)
	})

	t.Run("CompleteOnce", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		first := now()
		must(t, s.Progress.CompleteRegistration(t.Context(), r.ID, first))
		// A second completion (another tab, a retried request) keeps the
		// first time: the CE record says when the module was completed.
		must(t, s.Progress.CompleteRegistration(t.Context(), r.ID, first.Add(time.Hour)))
		got, err := s.Progress.Registration(t.Context(), r.ID)
		must(t, err)
		if got.CompletedAt == nil || !got.CompletedAt.Equal(first) {
			t.Fatalf("CompletedAt %v, want %v", got.CompletedAt, first)
		}
	})

	t.Run("CompleteNotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		wantCode(t, s.Progress.CompleteRegistration(t.Context(), newID(), now()), engine.ENOTFOUND)
	})
}
