package learning

import (
	"testing"
	"time"
)

// TestFurther: where a browser's anonymous learner and the account both
// started a module, signing in keeps the one that got further; an ended
// registration is never dropped for an open one.
func TestFurther(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	open := func(satisfied int, updated time.Time) registrationProgress {
		return registrationProgress{reg: Registration{UpdatedAt: updated}, satisfied: satisfied}
	}
	completed := registrationProgress{reg: Registration{CompletedAt: &t0, UpdatedAt: t0}, satisfied: 3}
	failed := registrationProgress{reg: Registration{FailedAt: &t0, UpdatedAt: t0}, satisfied: 2}
	for _, c := range []struct {
		name string
		p, q registrationProgress
		want bool
	}{
		{"completed over open with more done", completed, open(5, t1), true},
		{"completed over failed", completed, failed, true},
		{"failed over open", failed, open(4, t1), true},
		{"open under failed", open(4, t1), failed, false},
		{"more satisfied", open(2, t0), open(1, t1), true},
		{"fewer satisfied", open(1, t1), open(2, t0), false},
		{"same, later work", open(1, t1), open(1, t0), true},
		{"same, earlier work", open(1, t0), open(1, t1), false},
	} {
		if got := c.p.further(c.q); got != c.want {
			t.Errorf("%s: further = %v, want %v", c.name, got, c.want)
		}
	}
}
