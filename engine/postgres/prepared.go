package postgres

import "context"

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
