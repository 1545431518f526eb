package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
)

// dialect is what SQLite does its own way in the shared stores.
type dialect struct{ db *DB }

var _ sqlstore.Dialect = dialect{}

// StoreBatch stores a batch in one write transaction; a single statement
// may share its transaction with others written at the same time
// (groupcommit.go).
func (d dialect) StoreBatch(ctx context.Context, stmts []sqlstore.Pending) error {
	if len(stmts) == 1 {
		if err := ctx.Err(); err != nil {
			return dbError(err, "store statements")
		}
		return d.db.group.Store(stmts[0])
	}
	return d.db.withTx(ctx, func(tx *sqlx.Tx) error { return insertStatements(ctx, tx, stmts) })
}

func (dialect) Error(err error, doing string) error { return dbError(err, doing) }

func (dialect) Time(t time.Time) any { return nanos(t) }

// Strings keeps a list as words separated by spaces: SQLite has no arrays,
// and scopes have no spaces.
func (dialect) Strings(ss []string) any { return strings.Join(ss, " ") }

func (dialect) StringsColumn(col string) string { return col }

// JSON uses SQLite's -> operator, which returns JSON text.
func (dialect) JSON(col string, keys ...string) string {
	return "(" + col + " -> '$." + strings.Join(keys, ".") + "')"
}

func (dialect) InsertStatements(ctx context.Context, tx *sqlx.Tx, stmts []sqlstore.Pending) error {
	return insertStatements(ctx, tx, stmts)
}

// LockDocument has nothing to do: the write transaction already keeps
// every other writer out, SQLite having one at a time.
func (dialect) LockDocument(context.Context, *sqlx.Tx, lrs.DocumentKey) error { return nil }
