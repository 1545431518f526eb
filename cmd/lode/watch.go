package main

import (
	"context"
	"fmt"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// watch reloads the content directory into the served catalog whenever a
// module folder changes (lode serve --watch, for development); reloaded,
// if set, is told of each reload. close stops it.
func (a *app) watch(ctx context.Context, reloaded func([]*learning.Module, []module.Problem)) error {
	ctx, cancel := context.WithCancel(ctx)
	w := &module.Watcher{Dir: a.cfg.ContentDir, Validator: a.host, Catalog: a.catalog, Log: a.log, Reloaded: reloaded}
	if a.admin != nil {
		w.Publish = a.admin.Published
	}
	wait, err := w.Start(ctx)
	if err != nil {
		cancel()
		return fmt.Errorf("watch the content directory %s: %w", a.cfg.ContentDir, err)
	}
	a.unwatch = func() { cancel(); wait() }
	a.log.Info("watching the content directory for changes", "dir", a.cfg.ContentDir)
	return nil
}
