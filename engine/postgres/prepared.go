package postgres

import (
	"context"
	"sync"

	"github.com/jmoiron/sqlx"
)

// A statement stored alone, the most common write, is one INSERT outside a
// transaction, which runs prepared: PostgreSQL then skips parsing and
// planning it, 1.0–1.5 times the rate of sending it unprepared
// (docs/PERFORMANCE.md, "Hand-written code, measured"). It is prepared
// once, on the pool; database/sql prepares it again on each connection
// that runs it, new ones after a restart included.
//
// Queries inside transactions run unprepared: a pool statement bound to a
// transaction (tx.StmtContext) measured no faster than the query sent as
// it is (with binary_parameters, one round trip either way), and preparing
// in each transaction was slower.

// prepare prepares insertOne, unless it is prepared, on a schema that has
// the statements table as this build writes it: Open does when the
// schema is current, Migrate after migrating. Until then the INSERT runs
// unprepared.
func (db *DB) prepare(ctx context.Context) error {
	if db.insertOne != nil {
		return nil
	}
	st, err := db.db.PreparexContext(ctx, insertSQL(1))
	if err != nil {
		return dbError(err, "prepare the INSERT of a statement")
	}
	db.insertOne = st
	return nil
}

// queryCache holds the statement queries (query.go) prepared so far, by
// text: there is one text per combination of filters used, too many to
// prepare at Open. Planning the union of a filtered query took a
// millisecond, a fifth of the query (docs/PERFORMANCE.md, "The query").
type queryCache struct {
	mu    sync.Mutex
	stmts map[string]*sqlx.Stmt
}

// get returns query prepared on db, preparing it on first use; nil, to run
// it unprepared (and report what is wrong), if preparing fails.
func (c *queryCache) get(ctx context.Context, db *sqlx.DB, query string) *sqlx.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	st, err := db.PreparexContext(ctx, query)
	if err != nil {
		return nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*sqlx.Stmt{}
	}
	c.stmts[query] = st
	return st
}

// close closes the statements prepared.
func (c *queryCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}
