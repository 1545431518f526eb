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
	"github.com/lode-elearning/lode/engine/storage"
)

// DB is every store of the engine: a method missing is a compile error,
// not a resource that answers 503.
var _ storage.Database = (*DB)(nil)

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
	db.prepareHot(ctx)
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

// The hot queries run as prepared statements: PostgreSQL then parses and
// plans each once per connection rather than on every call, which is a
// quarter of the cost of a one-row INSERT. database/sql prepares a
// statement again on each connection that runs it, new ones after a
// restart included.

// stmt returns query prepared for q (the pool, or a transaction, closed
// with it), preparing it on first use, on the pool: after Migrate, since
// it may name what migrations create. It returns nil, to run the query
// unprepared, when it is not prepared yet and q is a transaction:
// preparing would need a second connection, from a pool that transactions
// waiting here could have exhausted. Migrate and Open prepare the queries
// transactions use (prepareHot).
func (db *DB) stmt(ctx context.Context, q sqlx.ExtContext, query string) *sqlx.Stmt {
	tx, inTx := q.(*sqlx.Tx)
	db.mu.Lock()
	st, ok := db.stmts[query]
	if !ok && !inTx {
		var err error
		if st, err = db.db.PreparexContext(ctx, query); err == nil {
			if db.stmts == nil {
				db.stmts = map[string]*sqlx.Stmt{}
			}
			db.stmts[query] = st
			ok = true
		}
		// On error, the query runs unprepared and reports what is wrong.
	}
	db.mu.Unlock()
	switch {
	case !ok:
		return nil
	case inTx:
		return tx.StmtxContext(ctx, st)
	}
	return st
}

// selectPrepared is sqlx.SelectContext through a prepared statement when
// there is one (stmt).
func (db *DB) selectPrepared(ctx context.Context, q sqlx.ExtContext, dest any, query string, args ...any) error {
	if st := db.stmt(ctx, q, query); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return sqlx.SelectContext(ctx, q, dest, query, args...)
}

// execPrepared is ExecContext through a prepared statement when there is
// one (stmt).
func (db *DB) execPrepared(ctx context.Context, q sqlx.ExtContext, query string, args ...any) (sql.Result, error) {
	if st := db.stmt(ctx, q, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.ExecContext(ctx, query, args...)
}

// prepareHot prepares the queries that run inside transactions, which stmt
// does not prepare there. It is best effort: a query that cannot be
// prepared (a schema not migrated yet) runs unprepared.
func (db *DB) prepareHot(ctx context.Context) {
	for _, query := range []string{insertSQL(1), knownSQL, updateStateSQL} {
		db.stmt(ctx, db.db, query)
	}
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
