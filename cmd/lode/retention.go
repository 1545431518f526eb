package main

import (
	"context"
	"time"
)

// retentionEvery is how often inactive anonymous learners are looked for.
const retentionEvery = time.Hour

// startRetention erases, at start and then hourly until ctx ends, the
// learners without an email inactive for longer than anonymous_retention
// (none when it is 0). The sweep stops before the database closes.
func (a *app) startRetention(ctx context.Context) {
	retention := a.cfg.AnonymousRetention
	if retention <= 0 {
		a.log.Info("anonymous learners are kept: anonymous_retention is 0")
		return
	}
	a.every(ctx, retentionEvery, true, func(ctx context.Context) { a.sweep(ctx, retention) })
}

// every runs fn every interval (and at once if now) until the app closes:
// the loop stops before the database closes, since closers run last to
// first.
func (a *app) every(ctx context.Context, interval time.Duration, now bool, fn func(context.Context)) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			if now {
				fn(ctx)
			}
			now = true
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	a.store.closers = append(a.store.closers, func() error { cancel(); <-done; return nil })
}

// sweep runs one retention sweep and logs what it did.
func (a *app) sweep(ctx context.Context, retention time.Duration) {
	start := time.Now()
	n, err := a.privacy.Sweep(ctx, retention)
	switch {
	case err != nil && ctx.Err() == nil:
		a.log.Warn("retention sweep failed; it runs again in an hour", "erased", n, "err", err)
	case n > 0:
		a.log.Info("retention sweep erased inactive anonymous learners", "erased", n,
			"inactive_for", retention.String(), "took", time.Since(start).Round(time.Millisecond).String())
	default:
		a.log.Debug("retention sweep found no inactive anonymous learner")
	}
}
