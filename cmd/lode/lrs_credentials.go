package main

import (
	"context"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/forward"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/metrics"
)

// credentialsService wires the LRS clients' credentials to the database
// and the bootstrap client of the configuration.
func (a *app) credentialsService() *lrs.Credentials { return newCredentials(a.store.db, a.cfg) }

func newCredentials(store lrs.CredentialStore, cfg config.Config) *lrs.Credentials {
	return lrs.NewCredentials(store, lrs.CredentialsConfig{
		// Without base_url the CLI, which listens on nothing, names clients
		// as a server on the configured addr would.
		BaseURL: publicURL(cfg, cfg.Addr), BootstrapKey: cfg.LRSKey, BootstrapSecret: cfg.LRSSecret,
	})
}

// startForwarding starts forwarding stored statements to the remote LRSs
// of the configuration, reports it in /readyz (advisory: a remote that is
// down does not stop this server serving learners, and its statements wait
// in the outbox) and in metrics, and stops it before the database closes.
// It runs even with no remote, so that remotes dropped from the
// configuration stop being queued for.
func (a *app) startForwarding(ctx context.Context, m *metrics.Metrics) error {
	remotes := make([]forward.Remote, len(a.cfg.Forward))
	for i, r := range a.cfg.Forward {
		remotes[i] = forward.Remote{Endpoint: r.Endpoint, Key: r.Key, Secret: r.Secret, Version: r.Version}
	}
	f := forward.New(forward.Config{Store: a.store.db, Attachments: a.store.db, Remotes: remotes, Log: a.log, Observer: metrics.NewForward(m)})
	if err := f.Start(ctx); err != nil {
		return err
	}
	// Closers run last to first: the workers stop before the database closes.
	a.store.closers = append(a.store.closers, func() error { f.Stop(); return nil })
	if len(remotes) > 0 {
		a.server.Ready = append(a.server.Ready, lodehttp.ReadyCheck{Name: "forward", Check: f.Check, Advisory: true})
		a.log.Info("forwarding statements", "remotes", len(remotes))
	}
	return nil
}
