package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
)

// dialect is what PostgreSQL does its own way in the shared stores.
type dialect struct{ db *DB }

var _ sqlstore.Dialect = dialect{}

func (dialect) Error(err error, doing string) error { return dbError(err, doing) }

func (dialect) Time(t time.Time) any { return pgTime(t) }

func (dialect) Strings(ss []string) any { return pq.StringArray(ss) }

func (dialect) StringsColumn(col string) string { return "array_to_string(" + col + ", ' ')" }

// JSON reads the path from the jsonb column without decoding the rest.
func (dialect) JSON(col string, keys ...string) string {
	return "(" + col + " #> '{" + strings.Join(keys, ",") + "}')::text"
}

func (d dialect) StoreBatch(ctx context.Context, stmts []sqlstore.Pending) error {
	return d.db.storeBatch(ctx, stmts)
}

func (d dialect) InsertStatements(ctx context.Context, tx *sqlx.Tx, stmts []sqlstore.Pending) error {
	return d.db.storeStatements(ctx, tx, stmts)
}

// LockDocument takes a transaction-scoped advisory lock on k, which holds
// even while k has no row to lock. Two keys whose hashes collide only
// wait for each other.
func (dialect) LockDocument(ctx context.Context, tx *sqlx.Tx, k lrs.DocumentKey) error {
	key := strings.Join([]string{string(k.Kind), k.ActivityID, k.Agent, k.Registration, k.ID}, "|")
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, key); err != nil {
		return dbError(err, "lock a document")
	}
	return nil
}
