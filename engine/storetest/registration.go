package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/xapi"
)

func testRegistrations(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("EnsureCreates", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
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
		again, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
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
				r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
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
		_, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
			LearnerID: "learner-" + newID(), ModuleID: "module-" + newID(),
		})
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("EnsureIDTakenByAnother", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		other := mustRegistration(t, s)
		l := mustLearner(t, s)
		_, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
			ID: other.ID, LearnerID: l.ID, ModuleID: other.ModuleID,
		})
		wantCode(t, err, engine.ECONFLICT)
	})

	t.Run("EnsureInvalidID", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		_, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
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
		r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{LearnerID: l.ID, ModuleID: module, CurrentObject: "intro"})
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
		done := newStatement(r, "module")
		won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, first, []xapi.Statement{done})
		must(t, err)
		if !won {
			t.Fatal("the first CompleteRegistration reported the registration already completed")
		}
		// A second completion (another tab, a retried request) keeps the
		// first time and stores nothing: the CE record says when the module
		// was completed, once.
		again := newStatement(r, "module")
		won, err = s.Progress.CompleteRegistration(t.Context(), r.ID, first.Add(time.Hour), []xapi.Statement{again})
		must(t, err)
		if won {
			t.Fatal("a second CompleteRegistration reported completing the registration")
		}
		got, err := s.Progress.Registration(t.Context(), r.ID)
		must(t, err)
		if got.CompletedAt == nil || !got.CompletedAt.Equal(first) {
			t.Fatalf("CompletedAt %v, want %v", got.CompletedAt, first)
		}
		wantIDs(t, s, lrs.StatementFilter{Registration: r.ID}, done)
	})

	t.Run("CompleteAtOnce", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		const n = 8
		wins := make(chan bool, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, now(), []xapi.Statement{newStatement(r, "module")})
				if err != nil {
					t.Error(err)
				}
				wins <- won
			})
		}
		wg.Wait()
		close(wins)
		var won int
		for w := range wins {
			if w {
				won++
			}
		}
		list, _, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: r.ID})
		must(t, err)
		if won != 1 || len(list) != 1 {
			t.Fatalf("%d of %d calls completed the registration, %d statements stored: want 1 and 1", won, n, len(list))
		}
	})

	t.Run("CompleteNotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		_, err := s.Progress.CompleteRegistration(t.Context(), newID(), now(), nil)
		wantCode(t, err, engine.ENOTFOUND)
	})
}
