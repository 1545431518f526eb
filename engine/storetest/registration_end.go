package storetest

import (
	"sync"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// testRegistrationEnds checks what a registration remembers of module
// versions and how it ends: completed in a version, or failed, once.
func testRegistrationEnds(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("Versions", func(t *testing.T) {
		// The version started is kept when the module is edited; the one
		// completed is recorded with the completion, for the certificate.
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
			LearnerID: l.ID, ModuleID: "module-" + newID(), StartedVersion: "1.0.0",
		})
		must(t, err)
		again, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
			LearnerID: l.ID, ModuleID: r.ModuleID, StartedVersion: "1.1.0",
		})
		must(t, err)
		if again.StartedVersion != "1.0.0" {
			t.Fatalf("started version %q after the module was edited, want 1.0.0", again.StartedVersion)
		}
		won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: now(), Version: "1.1.0"}, nil)
		must(t, err)
		got, err := registrationOf(t, s, r)
		must(t, err)
		if !won || got.StartedVersion != "1.0.0" || got.CompletedVersion != "1.1.0" || got.FailedAt != nil {
			t.Fatalf("completed %v, registration %+v: want started in 1.0.0, completed in 1.1.0", won, got)
		}
	})

	t.Run("FailOnce", func(t *testing.T) {
		// A failed registration is failed once, with its statement, and is
		// not completed afterwards.
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		at := now()
		failed := newStatement(r, "module")
		won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: at, Failed: true}, []xapi.Statement{failed})
		must(t, err)
		again, err := s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: at, Failed: true}, []xapi.Statement{newStatement(r, "module")})
		must(t, err)
		completed, err := s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: at}, []xapi.Statement{newStatement(r, "module")})
		must(t, err)
		got, err := registrationOf(t, s, r)
		must(t, err)
		if !won || again || completed || got.FailedAt == nil || !got.FailedAt.Equal(at) || got.CompletedAt != nil {
			t.Fatalf("failed %v, again %v, completed %v, registration %+v: want failed once at %v, never completed", won, again, completed, got, at)
		}
		wantIDs(t, s, lrs.StatementFilter{Registration: r.ID}, failed)
	})

	t.Run("EndAtOnce", func(t *testing.T) {
		// Completions and failures racing: exactly one ends the registration.
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		const n = 8
		wins := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				end := learning.RegistrationEnd{At: now(), Version: "2.0.0", Failed: i%2 == 1}
				won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, end, []xapi.Statement{newStatement(r, "module"), newStatement(r, "module")})
				if err != nil {
					t.Error(err)
				}
				wins[i] = won
			})
		}
		wg.Wait()
		var won int
		for _, w := range wins {
			if w {
				won++
			}
		}
		list, _, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: r.ID})
		must(t, err)
		got, err := registrationOf(t, s, r)
		must(t, err)
		if won != 1 || len(list) != 2 || (got.CompletedAt == nil) == (got.FailedAt == nil) {
			t.Fatalf("%d of %d calls ended the registration, %d statements stored, registration %+v: want 1, 2, completed or failed", won, n, len(list), got)
		}
	})
}
