package main

import (
	"context"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// watch reloads the content directory into the served catalog whenever a
// module folder changes (lode serve --watch, for development); reloaded,
// if set, is told of each reload. close stops it.
func (a *app) watch(ctx context.Context, reloaded func([]*learning.Module, []module.Problem)) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	w := &module.Watcher{Dir: a.cfg.ContentDir, Validator: a.host, Live: a.catalog, Log: a.log, Reloaded: reloaded}
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil {
			a.log.Error("cannot watch the content directory; edits need a restart", "dir", a.cfg.ContentDir, "err", err)
		}
	}()
	a.unwatch = func() { cancel(); <-done }
	a.log.Info("watching the content directory for changes", "dir", a.cfg.ContentDir)
}
