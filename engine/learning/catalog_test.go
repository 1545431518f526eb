package learning_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

// TestPeekCatalog: the catalog's progress of every module is what
// PeekProgress says of each, for a module started and one not, and
// reading it registers nobody.
func TestPeekCatalog(t *testing.T) {
	f := MustDelivery(t)
	ctx := context.Background()
	other := &learning.Module{ID: "m2", Title: "Module Two", Objects: f.module(t, "m1").Objects}
	f.d.Modules.(catalog)["m2"] = other
	f.ping(t, "a") // m1 started, m2 not
	mods := []*learning.Module{f.module(t, "m1"), other}
	got, err := f.d.PeekCatalog(ctx, f.learner.ID, mods)
	if err != nil || len(got) != 2 {
		t.Fatalf("PeekCatalog: %d, %v", len(got), err)
	}
	for i, m := range mods {
		want, err := f.d.PeekProgress(ctx, f.learner.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("%s: PeekCatalog %+v, PeekProgress %+v", m.ID, got[i], want)
		}
	}
	if got[0].Registration == nil || got[0].Percent() != 50 || got[1].Registration != nil {
		t.Errorf("m1 %+v, m2 %+v: want m1 half done and m2 not started", got[0], got[1])
	}
	if regs, err := f.db.LearnerRegistrations(ctx, f.learner.ID); err != nil || len(regs) != 1 {
		t.Errorf("after PeekCatalog the learner has %d registrations (%v), want 1", len(regs), err)
	}
	t.Run("UnknownLearner", func(t *testing.T) {
		got, err := f.d.PeekCatalog(ctx, "nobody", mods)
		if err != nil || got[0].Registration != nil || got[1].Registration != nil {
			t.Fatalf("%+v, %v: want nothing started", got, err)
		}
	})
}

func (f *fixture) module(t *testing.T, id string) *learning.Module {
	t.Helper()
	m, err := f.d.Modules.Module(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
