package inmem

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

func TestProgressLearners(t *testing.T) {
	p, ctx := NewProgress(), t.Context()
	if _, err := p.Learner(ctx, "l1"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("absent learner: %v, want ENOTFOUND", err)
	}
	if err := p.CreateLearner(ctx, &learning.Learner{ID: "l1", Name: "Ada"}); err != nil {
		t.Fatal(err)
	}
	if err := p.CreateLearner(ctx, &learning.Learner{ID: "l1"}); engine.ErrorCode(err) != engine.ECONFLICT {
		t.Fatalf("second create: %v, want ECONFLICT", err)
	}
	if err := p.UpdateLearner(ctx, &learning.Learner{ID: "l1", Name: "Grace", Email: "g@example.org"}); err != nil {
		t.Fatal(err)
	}
	if n, err := p.RevokeLearnerCookies(ctx, "l1"); err != nil || n != 1 {
		t.Fatalf("revoke: %d, %v; want 1", n, err)
	}
	l, err := p.Learner(ctx, "l1")
	if err != nil || l.Name != "Grace" || l.Email != "g@example.org" || l.CookieGeneration != 1 {
		t.Fatalf("learner = %+v, %v", l, err)
	}
	if err := p.UpdateLearner(ctx, &learning.Learner{ID: "nobody"}); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("update absent: %v", err)
	}
	if _, err := p.RevokeLearnerCookies(ctx, "nobody"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("revoke absent: %v", err)
	}
}

func TestProgressRegistrations(t *testing.T) {
	p, ctx := NewProgress(), t.Context()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if _, err := p.FindRegistration(ctx, "l1", "m"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("find before start: %v", err)
	}
	r, err := p.EnsureRegistration(ctx, &learning.Registration{ID: "r1", LearnerID: "l1", ModuleID: "m", CurrentObject: "a", StartedAt: t0})
	if err != nil || r.ID != "r1" {
		t.Fatalf("ensure: %+v, %v", r, err)
	}
	again, err := p.EnsureRegistration(ctx, &learning.Registration{ID: "r2", LearnerID: "l1", ModuleID: "m", StartedAt: t0.Add(time.Hour)})
	if err != nil || again.ID != "r1" {
		t.Fatalf("second ensure made %+v, %v; want r1 back", again, err)
	}
	if _, err := p.EnsureRegistration(ctx, &learning.Registration{ID: "r0", LearnerID: "l1", ModuleID: "n", StartedAt: t0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := p.SetCurrentObject(ctx, "r1", "b"); err != nil {
		t.Fatal(err)
	}
	if err := p.SetCurrentObject(ctx, "nope", "b"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("set current of absent: %v", err)
	}
	got, err := p.FindRegistration(ctx, "l1", "m")
	if err != nil || got.CurrentObject != "b" {
		t.Fatalf("find: %+v, %v", got, err)
	}
	list, err := p.LearnerRegistrations(ctx, "l1")
	if err != nil || len(list) != 2 || list[0].ID != "r0" || list[1].ID != "r1" {
		t.Fatalf("registrations = %+v, %v; want r0 then r1", list, err)
	}

	end := learning.RegistrationEnd{At: t0.Add(2 * time.Hour), Version: "1.0.0"}
	if won, err := p.CompleteRegistration(ctx, "r1", end, nil); err != nil || !won {
		t.Fatalf("complete: %v, %v", won, err)
	}
	if won, err := p.CompleteRegistration(ctx, "r1", learning.RegistrationEnd{At: t0.Add(3 * time.Hour), Failed: true}, nil); err != nil || won {
		t.Fatalf("second end: %v, %v; want false, nil", won, err)
	}
	if _, err := p.CompleteRegistration(ctx, "nope", end, nil); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("complete absent: %v", err)
	}
	got, _ = p.FindRegistration(ctx, "l1", "m")
	if got.CompletedAt == nil || !got.CompletedAt.Equal(end.At) || got.CompletedVersion != "1.0.0" || got.FailedAt != nil {
		t.Fatalf("completed registration = %+v", got)
	}
	if won, err := p.CompleteRegistration(ctx, "r0", learning.RegistrationEnd{At: end.At, Failed: true}, nil); err != nil || !won {
		t.Fatalf("fail: %v, %v", won, err)
	}
	if got, _ := p.FindRegistration(ctx, "l1", "n"); got.FailedAt == nil || got.CompletedAt != nil {
		t.Fatalf("failed registration = %+v", got)
	}
}

func TestProgressRecordInteraction(t *testing.T) {
	p, ctx := NewProgress(), t.Context()
	if err := p.RecordInteraction(ctx, &learning.ObjectState{RegistrationID: "r1", ObjectID: "a"}, nil); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("state of absent registration: %v", err)
	}
	if _, err := p.EnsureRegistration(ctx, &learning.Registration{ID: "r1", LearnerID: "l1", ModuleID: "m"}); err != nil {
		t.Fatal(err)
	}
	s := &learning.ObjectState{RegistrationID: "r1", ObjectID: "b", State: json.RawMessage(`{"n":1}`), Completed: true}
	if err := p.RecordInteraction(ctx, s, nil); err != nil || s.Version != 1 {
		t.Fatalf("first record: version %d, %v", s.Version, err)
	}
	stale := &learning.ObjectState{RegistrationID: "r1", ObjectID: "b", Version: 0}
	if err := p.RecordInteraction(ctx, stale, nil); !errors.Is(err, learning.ErrStateConflict) {
		t.Fatalf("stale version: %v, want ErrStateConflict", err)
	}
	if err := p.RecordInteraction(ctx, &learning.ObjectState{RegistrationID: "r1", ObjectID: "a"}, nil); err != nil {
		t.Fatal(err)
	}
	states, err := p.ObjectStates(ctx, "r1")
	if err != nil || len(states) != 2 || states[0].ObjectID != "a" || states[1].ObjectID != "b" || string(states[1].State) != `{"n":1}` || !states[1].Completed {
		t.Fatalf("states = %+v, %v", states, err)
	}
}

// Two tabs answering at once: one wins each version, the other is told
// to read again, as from the database stores.
func TestProgressRecordInteractionRace(t *testing.T) {
	p, ctx := NewProgress(), t.Context()
	if _, err := p.EnsureRegistration(ctx, &learning.Registration{ID: "r1", LearnerID: "l1", ModuleID: "m"}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			errs[i] = p.RecordInteraction(ctx, &learning.ObjectState{RegistrationID: "r1", ObjectID: "a"}, nil)
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, learning.ErrStateConflict):
			t.Fatalf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d writers won version 1; want 1", won)
	}
}
