package storetest

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

func testRegistrations(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("LearnerRegistrations", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		first := mustRegistration(t, s)
		second, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
			ID: newID(), LearnerID: first.LearnerID, ModuleID: "module-" + newID(), StartedAt: first.StartedAt.Add(time.Second),
		})
		must(t, err)
		mustRegistration(t, s) // someone else's
		got, err := s.Progress.LearnerRegistrations(t.Context(), first.LearnerID)
		must(t, err)
		sameJSON(t, "registrations", []learning.Registration{*first, *second}, got)
		none, err := s.Progress.LearnerRegistrations(t.Context(), "learner-"+newID())
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("an unknown learner has registrations %v", none)
		}
	})

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
		got, err := registrationOf(t, s, r)
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
		// Every method given a registration id answers alike for one never
		// stored and for one that is not a UUID, whichever the database:
		// not found, never invalid, never a database error.
		t.Parallel()
		s := open(t)
		for _, id := range []string{newID(), "not-a-uuid"} {
			wantCode(t, s.Progress.SetCurrentObject(t.Context(), id, "intro"), engine.ENOTFOUND)
			_, err := s.Progress.CompleteRegistration(t.Context(), id, learning.RegistrationEnd{At: now()}, nil)
			wantCode(t, err, engine.ENOTFOUND)
			st := &learning.ObjectState{RegistrationID: id, ObjectID: "intro", State: json.RawMessage(`{}`)}
			wantCode(t, s.Progress.RecordInteraction(t.Context(), st, nil), engine.ENOTFOUND)
			states, err := s.Progress.ObjectStates(t.Context(), id)
			must(t, err)
			if len(states) != 0 {
				t.Fatalf("registration %q has %d object states, want none", id, len(states))
			}
		}
	})

	t.Run("UpperCaseID", func(t *testing.T) {
		// A UUID is one registration however it is written: stored and
		// returned in lower case, found in upper case.
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		upper := strings.ToUpper(newID())
		r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{ID: upper, LearnerID: l.ID, ModuleID: "module-" + newID()})
		must(t, err)
		if r.ID != strings.ToLower(upper) {
			t.Fatalf("id %s, want %s", r.ID, strings.ToLower(upper))
		}
		must(t, s.Progress.SetCurrentObject(t.Context(), upper, "quiz-1"))
		st := &learning.ObjectState{RegistrationID: upper, ObjectID: "quiz-1", State: json.RawMessage(`{"a":1}`)}
		must(t, s.Progress.RecordInteraction(t.Context(), st, nil))
		if st.RegistrationID != r.ID {
			t.Fatalf("object state of registration %s, want %s", st.RegistrationID, r.ID)
		}
		states, err := s.Progress.ObjectStates(t.Context(), upper)
		must(t, err)
		if len(states) != 1 || states[0].RegistrationID != r.ID {
			t.Fatalf("object states %+v, want the one of quiz-1 in registration %s", states, r.ID)
		}
		won, err := s.Progress.CompleteRegistration(t.Context(), upper, learning.RegistrationEnd{At: now()}, nil)
		must(t, err)
		got, err := registrationOf(t, s, r)
		must(t, err)
		if !won || got.CurrentObject != "quiz-1" || got.CompletedAt == nil {
			t.Fatalf("completed %v, registration %+v: want it completed, on quiz-1", won, got)
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
		got, err := registrationOf(t, s, r)
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
		won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: first}, []xapi.Statement{done})
		must(t, err)
		if !won {
			t.Fatal("the first CompleteRegistration reported the registration already completed")
		}
		// A second completion (another tab, a retried request) keeps the
		// first time and stores nothing: the CE record says when the module
		// was completed, once.
		again := newStatement(r, "module")
		won, err = s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: first.Add(time.Hour)}, []xapi.Statement{again})
		must(t, err)
		if won {
			t.Fatal("a second CompleteRegistration reported completing the registration")
		}
		got, err := registrationOf(t, s, r)
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
				won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: now()}, []xapi.Statement{newStatement(r, "module")})
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
		_, err := s.Progress.CompleteRegistration(t.Context(), newID(), learning.RegistrationEnd{At: now()}, nil)
		wantCode(t, err, engine.ENOTFOUND)
	})
}
