package main

import (
	"context"
	"testing"
	"time"
)

// TestRunEvery drives the loop the feed poll and the retention sweep
// share: it calls fn again and again, and the closer stops it, waiting
// for a call under way (fn here returns once its context ends).
func TestEvery(t *testing.T) {
	for _, atStart := range []bool{false, true} {
		a := &app{store: &storage{}}
		calls := make(chan struct{})
		a.every(t.Context(), time.Millisecond, atStart, func(ctx context.Context) {
			select {
			case calls <- struct{}{}:
			case <-ctx.Done():
			}
		})
		for range 3 {
			select {
			case <-calls:
			case <-time.After(10 * time.Second):
				t.Fatalf("atStart %v: fn was not called again", atStart)
			}
		}
		for _, closeFn := range a.store.closers {
			if err := closeFn(); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case <-calls:
			t.Fatalf("atStart %v: fn called after the loop was stopped", atStart)
		default:
		}
	}
}
