package admin

import (
	"fmt"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/http/web"
)

// TestTryouts: a tryout lasts for its draft's revision and its time, and
// there are never more than maxTryouts, the least recently used going
// first.
func TestTryouts(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	ts := &tryouts{now: func() time.Time { return now }}
	key := func(i int) tryKey { return tryKey{module: fmt.Sprint("m", i)} }
	first := &web.Tryout{ModuleID: "m0"}
	if got := ts.put(key(0), 1, first); got != first || ts.get(key(0), 1) != first {
		t.Fatal("a tryout put is not found")
	}
	if ts.put(key(0), 1, &web.Tryout{}) != first {
		t.Error("a second put at the same revision replaced the first: two tabs would not share it")
	}
	if ts.get(key(0), 2) != nil {
		t.Error("a new revision of the draft kept the old tryout")
	}
	ts.put(key(0), 2, first)
	now = now.Add(tryoutTTL + time.Second)
	if ts.get(key(0), 2) != nil {
		t.Error("an expired tryout was kept")
	}
	for i := range maxTryouts + 1 {
		now = now.Add(time.Second)
		ts.put(key(i), 1, &web.Tryout{})
		if i == 0 {
			continue
		}
		ts.get(key(0), 1) // key 0 stays in use; key 1 becomes the least recently used
	}
	if n := len(ts.all); n != maxTryouts {
		t.Fatalf("%d tryouts kept, want at most %d", n, maxTryouts)
	}
	if ts.get(key(1), 1) != nil || ts.get(key(0), 1) == nil || ts.get(key(maxTryouts), 1) == nil {
		t.Error("making room did not drop the least recently used")
	}
}
