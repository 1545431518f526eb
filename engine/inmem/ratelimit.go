package inmem

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter counts events per key in this process (golang.org/x/time/rate):
// the limiter of a single server. Several servers share engine/redis's.
type Limiter struct {
	mu   sync.Mutex
	keys map[string]*limited
}

type limited struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxKeys bounds the memory a flood of distinct keys (addresses) can take:
// past it, keys idle for the longest period are forgotten.
const maxKeys = 100_000

// NewLimiter returns an empty in-process limiter.
func NewLimiter() *Limiter { return &Limiter{keys: map[string]*limited{}} }

// Allow records one event for key and returns 0 if it is within events per
// per, or how long until one more would be.
func (l *Limiter) Allow(_ context.Context, key string, events int, per time.Duration) (time.Duration, error) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.keys[key]
	if !ok {
		if len(l.keys) >= maxKeys {
			l.forget(now, per)
			if len(l.keys) >= maxKeys {
				// Every key is active: a flood of addresses. Starting
				// over bounds memory and keeps each new key O(1) rather
				// than a scan of them all; its cost is one free period.
				l.keys = map[string]*limited{}
			}
		}
		k = &limited{lim: rate.NewLimiter(rate.Every(per/time.Duration(events)), events)}
		l.keys[key] = k
	}
	k.seen = now
	r := k.lim.ReserveN(now, 1)
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now) // a refused event does not count against the future
		return wait, nil
	}
	return 0, nil
}

// forget drops keys not seen for a whole period: their buckets are full
// again, so forgetting them changes no answer.
func (l *Limiter) forget(now time.Time, per time.Duration) {
	for key, k := range l.keys {
		if now.Sub(k.seen) > per {
			delete(l.keys, key)
		}
	}
}
