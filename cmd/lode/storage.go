package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/feed"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/migration"
	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/sqlite"
	lodestorage "github.com/lode-elearning/lode/engine/storage"
)

// storage is the backends the configuration selected, each wrapped whole
// by the metrics, so that every store call is timed.
type storage struct {
	db       lodestorage.Backend // every durable store, in one database
	admins   admin.Store         // the admin area's, in the same database
	drafts   authoring.Store     // the module editor's, in the same database
	feeds    feed.Store          // the feed subscriptions', in the same database
	sessions learning.SessionStore
	limiter  lodestorage.Limiter // shared with the sessions: in process, or in Redis
	ready    []lodehttp.ReadyCheck
	closers  []func() error
}

// openStorage opens the database (SQLite unless a postgres:// URL is set),
// applies migrations unless told not to, and opens the session store
// (in process unless a redis:// URL is set). Every store call is timed in m.
func openStorage(ctx context.Context, cfg config.Config, log *slog.Logger, m *metrics.Metrics) (*storage, error) {
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &storage{db: m.Backend(db), admins: db, feeds: db, drafts: db, closers: []func() error{db.Close}}
	s.ready = append(s.ready, lodehttp.ReadyCheck{Name: "database:" + cfg.DatabaseKind(), Check: s.db.Ping})
	m.AddPool("database:"+cfg.DatabaseKind(), db.Stats)
	if err := s.openSessions(ctx, cfg, m); err != nil {
		s.close()
		return nil, err
	}
	log.Info("storage ready", "database", cfg.DatabaseKind(), "sessions", sessionKind(cfg))
	return s, nil
}

// openMigrated opens the database and applies migrations unless the
// configuration says not to: what serve and every command that reads or
// writes the database start with.
func openMigrated(ctx context.Context, cfg config.Config) (lodestorage.Database, error) {
	db, err := openDatabase(ctx, cfg)
	if err != nil || !cfg.Migrate {
		return db, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate the %s database: %w", cfg.DatabaseKind(), err)
	}
	return db, nil
}

func openDatabase(ctx context.Context, cfg config.Config) (lodestorage.Database, error) {
	if cfg.DatabaseKind() == config.Postgres {
		return postgres.Open(ctx, cfg.DatabaseURL)
	}
	path := cfg.SQLitePath()
	if path != ":memory:" {
		if err := createPrivate(path); err != nil {
			return nil, fmt.Errorf("create the SQLite database %s: %w", path, err)
		}
	}
	return sqlite.Open(ctx, path)
}

func sessionKind(cfg config.Config) string {
	if cfg.RedisURL != "" {
		return "redis"
	}
	return "in-process"
}

func (s *storage) openSessions(ctx context.Context, cfg config.Config, m *metrics.Metrics) error {
	if cfg.RedisURL != "" {
		return s.openRedis(ctx, cfg.RedisURL, m)
	}
	mem := inmem.NewSessionStore(ctx)
	s.sessions = m.Sessions(mem)
	s.limiter = inmem.NewLimiter()
	s.closers = append(s.closers, mem.Close)
	return nil
}

func (s *storage) close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	return errors.Join(errs...)
}

// migrate applies the database's migrations and exits: for deployments
// where a separate step migrates (migrate: false on the servers).
func migrate(ctx context.Context, cfg config.Config, stdout, stderr io.Writer) error {
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newCountProgress(stderr, "migrate")
	err = db.(interface {
		MigrateWith(context.Context, migration.Progress) error
	}).MigrateWith(ctx, bar.report)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "the %s database is up to date\n", cfg.DatabaseKind())
	return nil
}

// createPrivate creates the database file, and its folder, readable by
// Lode's user only (0600, 0700), before SQLite would create it with the
// umask's mode (usually world-readable): it holds patrons' records. SQLite
// gives its -wal and -shm files the database file's mode. An existing file
// keeps the mode its administrator chose.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}
