// Package sqlite keeps learners, progress and xAPI statements in an embedded
// SQLite database (modernc.org/sqlite, no cgo): Lode's default store for a
// single server. Sessions are not kept here; see engine/inmem.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/engine/storage"
)

// DB is every store of the engine: a method missing is a compile error,
// not a resource that answers 503.
var _ storage.Database = (*DB)(nil)

// Connection settings. Writes wait up to busyTimeout for another process
// holding the write lock; synchronous=FULL because a statement acknowledged to
// a learner must survive a power cut: it may be their CE credit.
const (
	commonParams = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	writeParams  = commonParams + "&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"
	readParams   = commonParams + "&_pragma=query_only(1)"
	readConns    = 4
)

// DB is a SQLite database holding Lode's durable state.
//
// SQLite allows one writer at a time. Rather than let writers collide and
// retry on SQLITE_BUSY, all writes go through a pool of one connection, so Go
// queues them; reads use their own pool and, in WAL mode, never wait for a
// writer.
//
// The stores both SQL databases share come from the embedded
// sqlstore.Store; this package adds SQLite's connections, migrations,
// error codes, statement writes and queries (dialect.go).
type DB struct {
	*sqlstore.Store
	write *sqlx.DB
	read  *sqlx.DB
	// group gathers single statements written at once into one commit,
	// interactions the interactions recorded at once (groupcommit.go).
	group        sqlstore.Committer[sqlstore.Pending]
	interactions sqlstore.Committer[*sqlstore.Interaction]
}

// Open opens the SQLite database named by dsn: a file path or file: URI
// ("lode.db", "file:/var/lib/lode/lode.db"), or ":memory:" for a private
// in-memory database served over one connection. It creates the file if
// needed, but not the schema: call Migrate. Open fails if the database has
// a schema newer than this build knows.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, engine.FieldError("dsn", "is empty: give a database file such as file:lode.db")
	}
	write, err := sqlx.Open("sqlite", withParams(dsn, writeParams))
	if err != nil {
		return nil, &engine.Error{Code: engine.EINVALID, Field: "dsn", Message: "cannot open " + dsn, Err: err}
	}
	write.SetMaxOpenConns(1)
	db := &DB{write: write, read: write}
	if !inMemory(dsn) {
		if db.read, err = sqlx.Open("sqlite", withParams(dsn, readParams)); err != nil {
			write.Close()
			return nil, &engine.Error{Code: engine.EINVALID, Field: "dsn", Message: "cannot open " + dsn, Err: err}
		}
		db.read.SetMaxOpenConns(readConns)
	}
	db.Store = sqlstore.New(db.read, db.write, dialect{db})
	db.openCommitters() // after db.Store, whose methods they take
	if err := db.open(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) open(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return dbError(err, "open the database")
	}
	_, err := db.schemaVersion(ctx, db.write)
	return err
}

// Close closes the database.
func (db *DB) Close() error {
	db.Store.Close()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

func inMemory(dsn string) bool {
	return dsn == ":memory:" || strings.HasPrefix(dsn, "file::memory:") || strings.Contains(dsn, "mode=memory")
}

func withParams(dsn, params string) string {
	if strings.Contains(dsn, "?") {
		return dsn + "&" + params
	}
	return dsn + "?" + params
}

// withTx runs fn in a write transaction, committing if it returns nil.
func (db *DB) withTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	return sqlstore.WithTx(ctx, db.write, dialect{db}, fn)
}

// dbError turns a database error into an *engine.Error: EUNAVAILABLE when the
// database is busy or the caller gave up waiting, EINTERNAL otherwise. An
// *engine.Error passes through unchanged.
func dbError(err error, doing string) error {
	var e *engine.Error
	if errors.As(err, &e) {
		return err
	}
	code := engine.EINTERNAL
	var se *sqlite.Error
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		code = engine.EUNAVAILABLE
	case errors.As(err, &se):
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR:
			code = engine.EUNAVAILABLE
		}
	}
	return &engine.Error{Code: code, Message: "sqlite: cannot " + doing, Err: err}
}

// Ping checks that the database file can be read, for readiness checks.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.GetContext(ctx, &one, `SELECT 1`); err != nil {
		return dbError(err, "read the database")
	}
	return nil
}

// Times are stored as integer Unix nanoseconds, UTC: sortable and exact
// (sqlstore.Time reads them).
func nanos(t time.Time) int64 { return t.UnixNano() }

func nullNanos(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}
