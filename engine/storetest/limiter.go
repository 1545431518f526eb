package storetest

import (
	"context"
	"testing"
	"time"
)

// Limiter is what a rate limiter provides (inmem.Limiter, redis.Limiter).
type Limiter interface {
	Allow(ctx context.Context, key string, events int, per time.Duration) (time.Duration, error)
}

// TestLimiter runs the rate limiter contract: a burst of events passes,
// the next waits about one interval, keys are independent, and refused
// events do not push the wait further out.
func TestLimiter(t *testing.T, l Limiter) {
	ctx := context.Background()
	key, other := "test:"+newID(), "test:"+newID()
	const events, per = 5, time.Minute // one event every 12 s
	for i := range events {
		wait, err := l.Allow(ctx, key, events, per)
		must(t, err)
		if wait != 0 {
			t.Fatalf("event %d of a burst of %d waits %v", i+1, events, wait)
		}
	}
	first, err := l.Allow(ctx, key, events, per)
	must(t, err)
	if first <= 0 || first > per/events+time.Second {
		t.Fatalf("the event past the burst waits %v, want about %v", first, per/events)
	}
	again, err := l.Allow(ctx, key, events, per)
	must(t, err)
	if again <= 0 || again > first+time.Second {
		t.Fatalf("a refused event pushed the wait from %v to %v", first, again)
	}
	if wait, err := l.Allow(ctx, other, events, per); err != nil || wait != 0 {
		t.Fatalf("another key waits %v (%v)", wait, err)
	}
}
