// Package postgres keeps learners, progress and xAPI statements in
// PostgreSQL (lib/pq through sqlx): Lode's production store, shared by
// several servers.
package postgres

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // registers the "postgres" driver

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/sqlstore"
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
//
// The stores both SQL databases share come from the embedded
// sqlstore.Store; this package adds PostgreSQL's connection pool,
// migrations, error codes, statement writes (multi-row INSERT and COPY)
// and query plans (dialect.go).
type DB struct {
	*sqlstore.Store
	db *sqlx.DB

	// insertOne is insertSQL(1) prepared on the pool, nil until the
	// schema is current (prepared.go). Open and Migrate set it, before
	// the store is used.
	insertOne *sqlx.Stmt
	queries   sqlstore.Statements // statement queries, prepared on first use
	// group gathers single statements written at once into one commit,
	// interactions the interactions recorded at once (groupcommit.go).
	group        sqlstore.Committer[pending]
	interactions sqlstore.Committer[*sqlstore.Interaction]
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
	db := &DB{db: x}
	db.group.Alone, db.group.Together = db.storeAlone, db.storeTogether
	db.interactions.Alone, db.interactions.Together = db.recordAlone, db.recordTogether
	db.group.Slots, db.interactions.Slots = groupSlots, interactionSlots
	db.group.Max, db.interactions.Max = groupMax, groupMax
	db.Store = sqlstore.New(x, x, dialect{db})
	if err := x.PingContext(ctx); err != nil {
		x.Close()
		return nil, dbError(err, "connect")
	}
	v, known, err := db.schemaVersion(ctx, x)
	if err == nil && v == known {
		err = db.prepare(ctx)
	}
	if err != nil {
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
	if db.insertOne != nil {
		db.insertOne.Close()
	}
	db.queries.Close()
	db.Store.Close()
	return db.db.Close()
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
	return sqlstore.WithTx(ctx, db.db, dialect{db}, fn)
}

// pgTime rounds t down to the microseconds timestamptz keeps, in UTC.
func pgTime(t time.Time) time.Time { return sqlstore.Round(t) }
