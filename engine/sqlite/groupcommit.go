package sqlite

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Group commit (sqlstore.Committer, which see). Every write goes through
// one connection, and each single statement or interaction committed
// alone was one fsync (synchronous=FULL) while the writers behind it
// queued on that connection. Those that queue while a commit runs are
// now committed together, in one transaction and one fsync.

const (
	// groupSlots is one: SQLite has one writer, so a second batch would
	// only wait for the connection, and the writes queued meanwhile would
	// make a smaller batch than if they had waited in the committer.
	groupSlots = 1
	// groupMax is the most writes in one batch, bounding how long the
	// first of them waits for the last.
	groupMax = 100
)

// openCommitters sets up db's committers.
func (db *DB) openCommitters() {
	db.group.Alone, db.group.Together = db.storeAlone, db.storeTogether
	db.interactions.Alone, db.interactions.Together = db.StoreInteraction, db.recordTogether
	db.group.Slots, db.interactions.Slots = groupSlots, groupSlots
	db.group.Max, db.interactions.Max = groupMax, groupMax
}

// storeAlone stores one statement in its own transaction.
func (db *DB) storeAlone(ctx context.Context, p sqlstore.Pending) error {
	return db.withTx(ctx, func(tx *sqlx.Tx) error { return insertStatements(ctx, tx, []sqlstore.Pending{p}) })
}

// storeTogether stores single statements written at once in one
// transaction (writeTogether).
func (db *DB) storeTogether(ctx context.Context, ps []sqlstore.Pending) []error {
	return db.writeTogether(ctx, len(ps), func(tx *sqlx.Tx, i int) error {
		return insertStatements(ctx, tx, ps[i:i+1])
	})
}

// RecordInteraction is sqlstore's (which see), with interactions recorded
// at the same time, by different learners, committed together.
func (db *DB) RecordInteraction(ctx context.Context, st *learning.ObjectState, stmts []xapi.Statement) error {
	return db.RecordTogether(ctx, &db.interactions, st, stmts)
}

// recordTogether records interactions in one transaction
// (writeTogether). Two with the same state are written in turn, so the
// second finds the version changed and is retried alone, which fails it
// as if it had come just after the first.
func (db *DB) recordTogether(ctx context.Context, ins []*sqlstore.Interaction) []error {
	errs := db.writeTogether(ctx, len(ins), func(tx *sqlx.Tx, i int) error {
		return db.WriteInteraction(ctx, tx, ins[i])
	})
	for i, err := range errs {
		if err == nil {
			ins[i].Stored()
		}
	}
	return errs
}

// writeTogether runs write for each of n writes in one transaction, each
// under its own savepoint: a write that fails (a statement in conflict, a
// state changed meanwhile) is rolled back alone and left to be retried
// alone, which gives its writer its own error, while the others go on.
// If the transaction cannot go on (BEGIN failed, or a failure took the
// whole transaction with it, as SQLITE_FULL or an I/O error may) every
// write is retried alone. A failed COMMIT is every write's answer
// instead, EUNAVAILABLE: it may have committed, and an interaction
// recorded again would count twice.
func (db *DB) writeTogether(ctx context.Context, n int, write func(tx *sqlx.Tx, i int) error) []error {
	all := sqlstore.Each(n, sqlstore.ErrAlone)
	tx, err := db.write.BeginTxx(ctx, nil)
	if err != nil {
		return all
	}
	defer tx.Rollback()
	errs := make([]error, n)
	for i := range n {
		if _, err := tx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
			return all
		}
		if write(tx, i) != nil {
			errs[i] = sqlstore.ErrAlone
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO write"); err != nil {
				return all
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE write"); err != nil {
			return all
		}
	}
	if err := tx.Commit(); err != nil {
		return sqlstore.Each(n, &engine.Error{Code: engine.EUNAVAILABLE, Message: "sqlite: cannot commit; the write may be stored", Err: err})
	}
	return errs
}
