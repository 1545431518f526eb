// Package postgres keeps learners, progress and xAPI statements in
// PostgreSQL (lib/pq through sqlx): Lode's production store, shared by
// several servers.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // registers the "postgres" driver

	"github.com/lode-elearning/lode/engine"
)

var (
	_ engine.LearnerStore   = (*DB)(nil)
	_ engine.ProgressStore  = (*DB)(nil)
	_ engine.StatementStore = (*DB)(nil)
)

// Pool settings: enough connections for a busy server without exhausting
// PostgreSQL's max_connections when a few servers share it.
const (
	maxOpenConns    = 20
	maxIdleConns    = 10
	connMaxIdleTime = 5 * time.Minute
)

// DB is a PostgreSQL database holding Lode's durable state.
type DB struct {
	db  *sqlx.DB
	now func() time.Time

	mu    sync.Mutex
	stmts map[string]*sqlx.Stmt // prepared, by query
}

// Open connects to the PostgreSQL database at url, e.g.
// postgres://lode@db.internal:5432/lode?sslmode=require, and checks that it
// answers and that its schema is not newer than this build knows. It does not
// create the schema: call Migrate. EUNAVAILABLE if the server cannot be
// reached.
func Open(ctx context.Context, url string) (*DB, error) {
	if url == "" {
		return nil, engine.FieldError("url", "is empty: give a URL such as postgres://lode@localhost:5432/lode")
	}
	x, err := sqlx.Open("postgres", withBinaryParameters(url))
	if err != nil {
		return nil, &engine.Error{Code: engine.EINVALID, Field: "url", Message: "is not a PostgreSQL URL", Err: err}
	}
	x.SetMaxOpenConns(maxOpenConns)
	x.SetMaxIdleConns(maxIdleConns)
	x.SetConnMaxIdleTime(connMaxIdleTime)
	db := &DB{db: x, now: time.Now}
	if err := x.PingContext(ctx); err != nil {
		x.Close()
		return nil, dbError(err, "connect")
	}
	if _, err := db.schemaVersion(ctx, x); err != nil {
		x.Close()
		return nil, err
	}
	return db, nil
}

// withBinaryParameters sets lib/pq's binary_parameters unless the URL does.
// With it a query with arguments is one round trip (Parse, Bind and Execute
// sent together) rather than two (Parse and Describe, then Bind and
// Execute), which doubles the rate of short writes. It also sends []byte
// arguments as binary, which suits the bytea and json columns they go to.
func withBinaryParameters(dsn string) string {
	switch {
	case strings.Contains(dsn, "binary_parameters"):
		return dsn
	case !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://"):
		return dsn + " binary_parameters=yes" // key=value form
	case strings.Contains(dsn, "?"):
		return dsn + "&binary_parameters=yes" // appended as text: the rest of the URL stays as written
	}
	return dsn + "?binary_parameters=yes"
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.mu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = nil
	db.mu.Unlock()
	return db.db.Close()
}

// prepared returns query prepared, for the pool or for q's transaction
// (closed with it), preparing it on first use: after Migrate, since it may
// name what migrations create. For the hot queries: PostgreSQL then parses
// and plans a query once per connection rather than on every call, a
// quarter of the cost of a one-row INSERT. database/sql prepares it again
// on each connection that runs it, new ones after a restart included.
func (db *DB) prepared(ctx context.Context, q sqlx.ExtContext, query string) (*sqlx.Stmt, error) {
	db.mu.Lock()
	st, ok := db.stmts[query]
	if !ok {
		var err error
		if st, err = db.db.PreparexContext(ctx, query); err != nil {
			db.mu.Unlock()
			return nil, err
		}
		if db.stmts == nil {
			db.stmts = map[string]*sqlx.Stmt{}
		}
		db.stmts[query] = st
	}
	db.mu.Unlock()
	if tx, ok := q.(*sqlx.Tx); ok {
		return tx.StmtxContext(ctx, st), nil
	}
	return st, nil
}

// Ping checks that the server answers, for readiness checks.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return dbError(err, "ping")
	}
	return nil
}

// Stats reports the connection pool's use, for metrics.
func (db *DB) Stats() sql.DBStats { return db.db.Stats() }

// withTx runs fn in a transaction, committing if it returns nil. If the
// connection is lost, PostgreSQL rolls the transaction back: nothing of it
// is stored, and the caller gets EUNAVAILABLE.
func (db *DB) withTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.db.BeginTxx(ctx, nil)
	if err != nil {
		return dbError(err, "begin a transaction")
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		if ctx.Err() != nil {
			// The caller went away (a client hung up): database/sql has
			// already rolled back, and nothing was stored. Say so rather
			// than report "transaction already committed or rolled back".
			return dbError(ctx.Err(), "commit")
		}
		return dbError(err, "commit")
	}
	return nil
}

// notFound reports whether err is sql.ErrNoRows.
func notFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// stamp returns the current time as PostgreSQL keeps it: UTC, microseconds.
func (db *DB) stamp() time.Time { return pgTime(db.now()) }

// pgTime rounds t down to the microseconds timestamptz keeps, in UTC.
func pgTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: pgTime(*t), Valid: true}
}

func fromNullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
