package sqlstore

import (
	"context"
	"sync"

	"github.com/jmoiron/sqlx"
)

// Statements holds queries prepared on a pool, by text, each prepared on
// first use: database/sql prepares it again on each connection that runs
// it, new ones after a restart included. A query run on every page (a
// registration, a step's states, a learner) otherwise spends about half
// its time being parsed again, on SQLite as on PostgreSQL. The zero value
// is ready; Close it before closing the pool.
type Statements struct {
	mu     sync.RWMutex
	stmts  map[string]*sqlx.Stmt
	closed bool
}

// Get returns query prepared on db, preparing it on first use; nil, to run
// it unprepared (and report what is wrong), if preparing fails or the
// statements are closed.
func (c *Statements) Get(ctx context.Context, db *sqlx.DB, query string) *sqlx.Stmt {
	c.mu.RLock()
	st, ok := c.stmts[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok || c.closed {
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

// Close closes the statements prepared; Get prepares no more.
func (c *Statements) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts, c.closed = nil, true
}

// readGet runs query (written with ?) on the read pool, prepared, into
// dest, as sqlx.GetContext does.
func (s *Store) readGet(ctx context.Context, dest any, query string, args ...any) error {
	if st := s.prepared.Get(ctx, s.read, s.read.Rebind(query)); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return s.read.GetContext(ctx, dest, s.read.Rebind(query), args...)
}

// readSelect is readGet for a list, as sqlx.SelectContext.
func (s *Store) readSelect(ctx context.Context, dest any, query string, args ...any) error {
	if st := s.prepared.Get(ctx, s.read, s.read.Rebind(query)); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return s.read.SelectContext(ctx, dest, s.read.Rebind(query), args...)
}

// getOn is readGet on the read pool and a plain GetContext on anything
// else (a transaction, the write pool), where preparing does not pay.
func (s *Store) getOn(ctx context.Context, q queryer, dest any, query string, args ...any) error {
	if db, ok := q.(*sqlx.DB); ok && db == s.read {
		return s.readGet(ctx, dest, query, args...)
	}
	return q.GetContext(ctx, dest, q.Rebind(query), args...)
}
