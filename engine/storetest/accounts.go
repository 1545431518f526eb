package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

func testAccounts(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("VerifiedEmailNamesOneLearner", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b := mustLearner(t, s), mustLearner(t, s)
		email := "Ada." + newID() + "@Library.example"
		must(t, s.Accounts.VerifyEmail(t.Context(), a.ID, email, now()))
		got, err := s.Accounts.LearnerByEmail(t.Context(), strings.ToLower(email))
		must(t, err)
		if got.ID != a.ID || got.EmailVerifiedAt == nil || got.Email != email {
			t.Fatalf("found %+v, want %s verified with %s", got, a.ID, email)
		}
		wantCode(t, s.Accounts.VerifyEmail(t.Context(), b.ID, strings.ToUpper(email), now()), engine.ECONFLICT)
		wantCode(t, s.Accounts.VerifyEmail(t.Context(), "learner-"+newID(), "x"+email, now()), engine.ENOTFOUND)

		got.Email = strings.ToLower(email) // the same address, typed again
		must(t, s.Learners.UpdateLearner(t.Context(), got))
		if l, err := s.Learners.Learner(t.Context(), a.ID); err != nil || l.EmailVerifiedAt == nil {
			t.Fatalf("retyping the same email lost its verification: %+v, %v", l, err)
		}
		got.Email = "someone.else." + newID() + "@library.example"
		must(t, s.Learners.UpdateLearner(t.Context(), got))
		_, err = s.Accounts.LearnerByEmail(t.Context(), email)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("SignInTokenWorksOnce", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		at := now()
		live := &learning.SignInToken{Hash: "h-" + newID(), Email: "ada@library.example", CreatedAt: at, ExpiresAt: at.Add(15 * time.Minute)}
		old := &learning.SignInToken{Hash: "h-" + newID(), Email: "ada@library.example", CreatedAt: at.Add(-time.Hour), ExpiresAt: at.Add(-45 * time.Minute)}
		must(t, s.Accounts.CreateSignInToken(t.Context(), live))
		must(t, s.Accounts.CreateSignInToken(t.Context(), old))
		got, err := s.Accounts.UseSignInToken(t.Context(), live.Hash, at.Add(time.Minute))
		must(t, err)
		if got.Email != live.Email || !got.ExpiresAt.Equal(live.ExpiresAt) {
			t.Fatalf("used %+v, want %+v", got, live)
		}
		_, err = s.Accounts.UseSignInToken(t.Context(), live.Hash, at.Add(2*time.Minute))
		wantCode(t, err, engine.ENOTFOUND)
		_, err = s.Accounts.UseSignInToken(t.Context(), old.Hash, at)
		wantCode(t, err, engine.ENOTFOUND)
		_, err = s.Accounts.UseSignInToken(t.Context(), "h-"+newID(), at)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("ResumeCodeReplaced", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := mustLearner(t, s)
		first, second := "c-"+newID(), "c-"+newID()
		must(t, s.Accounts.SetResumeCode(t.Context(), l.ID, first))
		got, err := s.Accounts.LearnerByResumeCode(t.Context(), first)
		must(t, err)
		if got.ID != l.ID {
			t.Fatalf("code found %s, want %s", got.ID, l.ID)
		}
		must(t, s.Accounts.SetResumeCode(t.Context(), l.ID, second))
		_, err = s.Accounts.LearnerByResumeCode(t.Context(), first)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("Merge", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		from, into := mustLearner(t, s), mustLearner(t, s)
		moduleX, moduleY := "module-"+newID(), "module-"+newID()
		reg := func(l *learning.Learner, module string) *learning.Registration {
			r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{ID: newID(), LearnerID: l.ID, ModuleID: module})
			must(t, err)
			must(t, s.Progress.RecordInteraction(t.Context(), &learning.ObjectState{
				RegistrationID: r.ID, ObjectID: "page-1", State: json.RawMessage(`{"by":"` + l.ID + `"}`), Completed: true}, nil))
			return r
		}
		fromX, fromY, intoX := reg(from, moduleX), reg(from, moduleY), reg(into, moduleX)
		must(t, s.Accounts.SetResumeCode(t.Context(), from.ID, "c-"+newID()))
		must(t, s.Accounts.MergeLearner(t.Context(), from.ID, into.ID, []string{fromX.ID, fromY.ID}, []string{intoX.ID}))

		regs, err := s.Progress.LearnerRegistrations(t.Context(), into.ID)
		must(t, err)
		ids := map[string]bool{}
		for _, r := range regs {
			ids[r.ID] = true
		}
		if len(regs) != 2 || !ids[fromX.ID] || !ids[fromY.ID] {
			t.Fatalf("after the merge the account has %+v, want the moved %s and %s", regs, fromX.ID, fromY.ID)
		}
		states, err := s.Progress.ObjectStates(t.Context(), fromX.ID)
		must(t, err)
		if len(states) != 1 || !strings.Contains(string(states[0].State), from.ID) {
			t.Errorf("the moved registration's states: %+v", states)
		}
		if states, err := s.Progress.ObjectStates(t.Context(), intoX.ID); err != nil || len(states) != 0 {
			t.Errorf("the dropped registration's states remain: %+v, %v", states, err)
		}
		if left, _ := s.Progress.LearnerRegistrations(t.Context(), from.ID); len(left) != 0 {
			t.Errorf("the merged learner still has %+v", left)
		}
		merged, err := s.Learners.Learner(t.Context(), from.ID)
		must(t, err)
		if merged.MergedInto != into.ID || merged.CookieGeneration != from.CookieGeneration+1 {
			t.Errorf("merged learner %+v: want MergedInto %s and its cookies revoked", merged, into.ID)
		}
	})
}
