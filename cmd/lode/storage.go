package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/lode-elearning/lode/engine/config"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/sqlite"
)

// storage is the backends the configuration selected.
type storage struct {
	db         database // the SQL backend; LRS wiring asserts the interfaces it needs
	learners   learning.LearnerStore
	progress   learning.ProgressStore
	statements lrs.StatementStore
	sessions   learning.SessionStore
	ready      []lodehttp.ReadyCheck
	closers    []func() error
}

// database is what both SQL backends provide.
type database interface {
	learning.LearnerStore
	learning.ProgressStore
	lrs.StatementStore
	Migrate(ctx context.Context) error
	Ping(ctx context.Context) error
	Stats() sql.DBStats
	Close() error
}

// openStorage opens the database (SQLite unless a postgres:// URL is set),
// applies migrations unless told not to, and opens the session store
// (in process unless a redis:// URL is set). Every store call is timed in m.
func openStorage(ctx context.Context, cfg config.Config, log *slog.Logger, m *metrics.Metrics) (*storage, error) {
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &storage{db: db, learners: db, progress: db, statements: db, closers: []func() error{db.Close}}
	s.ready = append(s.ready, lodehttp.ReadyCheck{Name: "database:" + cfg.DatabaseKind(), Check: db.Ping})
	if cfg.Migrate {
		if err := db.Migrate(ctx); err != nil {
			s.close()
			return nil, fmt.Errorf("migrate the %s database: %w", cfg.DatabaseKind(), err)
		}
	}
	if err := s.openSessions(ctx, cfg); err != nil {
		s.close()
		return nil, err
	}
	s.instrument(m, cfg, db)
	log.Info("storage ready", "database", cfg.DatabaseKind(), "sessions", sessionKind(cfg))
	return s, nil
}

func openDatabase(ctx context.Context, cfg config.Config) (database, error) {
	if cfg.DatabaseKind() == config.Postgres {
		return postgres.Open(ctx, cfg.DatabaseURL)
	}
	path := cfg.SQLitePath()
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("create the folder of the SQLite database %s: %w", path, err)
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

func (s *storage) openSessions(ctx context.Context, cfg config.Config) error {
	if cfg.RedisURL != "" {
		return s.openRedis(ctx, cfg.RedisURL)
	}
	mem := inmem.NewSessionStore(ctx)
	s.sessions = mem
	s.closers = append(s.closers, mem.Close)
	return nil
}

// instrument reports the connection pools' use and wraps the stores so that
// every call is timed.
func (s *storage) instrument(m *metrics.Metrics, cfg config.Config, db database) {
	m.AddPool("database:"+cfg.DatabaseKind(), db.Stats)
	if p, ok := s.sessions.(interface{ Stats() sql.DBStats }); ok {
		m.AddPool("sessions:"+sessionKind(cfg), p.Stats)
	}
	s.learners, s.progress = m.LearnerStore(s.learners), m.ProgressStore(s.progress)
	s.statements, s.sessions = m.StatementStore(s.statements), m.SessionStore(s.sessions)
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
func migrate(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "the %s database is up to date\n", cfg.DatabaseKind())
	return nil
}
