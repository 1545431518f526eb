package learning_test

import (
	"context"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
)

func TestActorName(t *testing.T) {
	f := MustDelivery(t)
	ctx := context.Background()
	if _, err := f.d.UpdateProfile(ctx, f.learner.ID, learning.Profile{Name: "Ada Reader"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		actorName bool
		want      string
	}{{"OffByDefault", false, ""}, {"On", true, "Ada Reader"}} {
		t.Run(tt.name, func(t *testing.T) {
			f.d.ActorName = tt.actorName
			out := f.ping(t, "a")
			stmts := f.statements(t, out.Progress.Registration.ID)
			if got := stmts[len(stmts)-1].Actor.Name; got != tt.want {
				t.Fatalf("actor.name %q, want %q", got, tt.want)
			}
		})
	}
}

// privacy is f's Privacy with in-process sessions, its clock at *now.
func privacy(t *testing.T, f *fixture, now *time.Time) *learning.Privacy {
	f.d.Now = func() time.Time { return *now }
	f.d.LRS.Now = f.d.Now
	sessions := inmem.NewSessionStore(t.Context())
	t.Cleanup(func() { sessions.Close() })
	return &learning.Privacy{Delivery: f.d, Store: f.db, Accounts: f.db, Sessions: &learning.Sessions{Store: sessions, TTL: time.Hour, Now: f.d.Now}}
}

func TestErase(t *testing.T) {
	f := MustDelivery(t)
	now := time.Now()
	p := privacy(t, f, &now)
	ctx := context.Background()
	out := f.ping(t, "a")
	sess, err := p.Sessions.Start(ctx, f.learner.ID)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Erase(ctx, f.learner.ID, learning.ErasedByPatron)
	if err != nil {
		t.Fatal(err)
	}
	if e.Registrations != 1 || e.ObjectStates != 1 || e.Statements != 2 || e.Reason != learning.ErasedByPatron {
		t.Fatalf("erasure %+v, want one registration, one object state, two statements", e)
	}
	if _, err := p.Sessions.Resume(ctx, sess.ID); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("the session after erasure: %v, want ENOTFOUND", err)
	}
	if got := f.statements(t, out.Progress.Registration.ID); len(got) != 0 {
		t.Fatalf("%d statements left", len(got))
	}
	if _, err := p.Erase(ctx, f.learner.ID, learning.ErasedByPatron); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("erasing again: %v, want ENOTFOUND", err)
	}
}

// TestSweep moves the clock rather than waiting: a learner is swept once
// inactive for longer than the retention, and activity holds it off.
func TestSweep(t *testing.T) {
	f := MustDelivery(t)
	now := time.Now()
	p := privacy(t, f, &now)
	ctx := context.Background()
	const retention = 180 * 24 * time.Hour
	withEmail, err := f.d.NewLearner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.d.UpdateProfile(ctx, withEmail.ID, learning.Profile{Email: "kept@library.example"}); err != nil {
		t.Fatal(err)
	}
	sweep := func(want int) {
		t.Helper()
		if n, err := p.Sweep(ctx, retention); err != nil || n != want {
			t.Fatalf("at %s: swept %d (%v), want %d", now.Format(time.DateOnly), n, err, want)
		}
	}
	now = now.Add(100 * 24 * time.Hour)
	f.ping(t, "a") // f.learner is active 100 days on
	now = now.Add(100 * 24 * time.Hour)
	sweep(0) // 200 days after creation, 100 after the last activity
	now = now.Add(81 * 24 * time.Hour)
	sweep(1)
	if _, err := f.db.Learner(ctx, f.learner.ID); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("the inactive learner: %v, want ENOTFOUND", err)
	}
	if _, err := f.db.Learner(ctx, withEmail.ID); err != nil {
		t.Fatalf("the learner with an email: %v", err)
	}
	if n, err := p.Sweep(ctx, 0); err != nil || n != 0 {
		t.Fatalf("retention 0 swept %d (%v)", n, err)
	}
}
