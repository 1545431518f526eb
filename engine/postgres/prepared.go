package postgres

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine/sqlstore"
)

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
	for _, query := range []string{insertSQL(1), knownSQL, db.db.Rebind(sqlstore.UpdateStateSQL)} {
		db.stmt(ctx, db.db, query)
	}
}
