// Package sqlstore is the store code SQLite and PostgreSQL share: the
// queries both run alike, written with ? placeholders and rebound to the
// database's own, and the rows they read, turned into the engine's types.
// One copy, so that the two backends keep one behaviour: ids compared in
// lower case, an id that is not a UUID not found, a version conflict
// reported as learning.StateConflict.
//
// engine/sqlite and engine/postgres embed a Store and add what differs
// between them through a Dialect: connections, migrations, error codes,
// storing statements (PostgreSQL's COPY and multi-row INSERT), statement
// queries and JSON functions. Stores do not validate: they call the
// domain's rules (learning, lrs) before they write.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/lrs"
)

// Dialect is what a database does its own way.
type Dialect interface {
	// Error turns a driver error into an *engine.Error: EUNAVAILABLE if
	// the database asks to be retried or cannot be reached, EINTERNAL
	// otherwise. An *engine.Error passes through unchanged.
	Error(err error, doing string) error
	// Time is t, which Round has rounded, as a time column's argument.
	Time(t time.Time) any
	// Strings is ss as a list column's argument (an LRS client's scopes);
	// StringsColumn reads such a column as words separated by spaces.
	Strings(ss []string) any
	StringsColumn(col string) string
	// JSON is an SQL expression of the value at the path of keys in the
	// JSON column col, as JSON text ('true', '"p1"', an object), NULL
	// where there is none: the reports read a field of a statement in
	// the database rather than the whole statement in Go. The keys are
	// the caller's constants, never input.
	JSON(col string, keys ...string) string
	// StoreBatch stores a checked batch of statements, all or nothing, as
	// lrs.StatementStore's StoreStatements says; InsertStatements does so
	// in tx, the transaction of RecordInteraction or CompleteRegistration.
	StoreBatch(ctx context.Context, stmts []Pending) error
	InsertStatements(ctx context.Context, tx *sqlx.Tx, stmts []Pending) error
	// LockDocument keeps every other UpdateDocument of k out until tx
	// ends, even while k has no row to lock.
	LockDocument(ctx context.Context, tx *sqlx.Tx, k lrs.DocumentKey) error
}

// Store is the stores both databases share. Reads go to read and writes
// to write, which may be the same pool.
type Store struct {
	read, write *sqlx.DB
	d           Dialect
	now         func() time.Time
	// prepared are the reads every page makes (readGet, readSelect).
	prepared Statements
}

// New returns a Store over the given pools.
func New(read, write *sqlx.DB, d Dialect) *Store {
	return &Store{read: read, write: write, d: d, now: time.Now}
}

// Close closes the statements the store prepared; call it before closing
// its pools.
func (s *Store) Close() { s.prepared.Close() }

// stamp is the current time as the stores keep it.
func (s *Store) stamp() time.Time { return Round(s.now()) }

// Round is t as both databases keep it: UTC, to the microsecond
// PostgreSQL's timestamptz holds.
func Round(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func (s *Store) withTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	return WithTx(ctx, s.write, s.d, fn)
}

// WithTx runs fn in a transaction on db, committing if it returns nil. If
// the connection is lost the database rolls the transaction back: nothing
// of it is stored, and the caller gets EUNAVAILABLE.
func WithTx(ctx context.Context, db *sqlx.DB, d Dialect, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return d.Error(err, "begin a transaction")
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
			return d.Error(ctx.Err(), "commit")
		}
		return d.Error(err, "commit")
	}
	return nil
}

// NotFound reports whether err is sql.ErrNoRows.
func NotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// queryer is a pool or a transaction: what reads run on.
type queryer interface {
	sqlx.QueryerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	Rebind(query string) string
}
