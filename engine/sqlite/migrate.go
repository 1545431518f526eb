package sqlite

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations returns the embedded migrations in order.
func migrations() ([]migration.Migration, error) {
	return migration.Load(migrationFS, "migrations/*.sql")
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at INTEGER NOT NULL
)`

// Migrate applies the migrations the database lacks, each in its own
// transaction, and records them in schema_migrations. It fails, changing
// nothing, if the database's schema is newer than this build knows.
func (db *DB) Migrate(ctx context.Context) error { return db.MigrateWith(ctx, nil) }

// MigrateWith is Migrate telling progress, if not nil, of each migration
// as it is done (applied now or before): its file name, and how many of
// how many are done.
func (db *DB) MigrateWith(ctx context.Context, progress migration.Progress) error {
	all, err := migrations()
	if err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "sqlite: bad embedded migrations", Err: err}
	}
	if _, err := db.write.ExecContext(ctx, createMigrationsTable); err != nil {
		return dbError(err, "create schema_migrations")
	}
	if _, err := db.schemaVersion(ctx, db.write); err != nil {
		return err
	}
	for i, m := range all {
		at := nanos(time.Now())
		if err := db.withTx(ctx, func(tx *sqlx.Tx) error { return apply(ctx, tx, m, at) }); err != nil {
			return err
		}
		progress.Report(m, i+1, len(all))
	}
	return nil
}

func apply(ctx context.Context, tx *sqlx.Tx, m migration.Migration, at int64) error {
	var applied bool
	if err := tx.GetContext(ctx, &applied, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)`, m.Version); err != nil {
		return dbError(err, "read schema_migrations")
	}
	if applied {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return dbError(err, fmt.Sprintf("apply migration %04d_%s", m.Version, m.Name))
	}
	const q = `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`
	if _, err := tx.ExecContext(ctx, q, m.Version, m.Name, at); err != nil {
		return dbError(err, "record migration")
	}
	return nil
}

// schemaVersion returns the version of the database's schema, 0 for an empty
// database, and an error if it is newer than the migrations this build has.
func (db *DB) schemaVersion(ctx context.Context, q sqlx.QueryerContext) (int, error) {
	var exists bool
	const tableQ = `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')`
	if err := sqlx.GetContext(ctx, q, &exists, tableQ); err != nil {
		return 0, dbError(err, "read the schema version")
	}
	if !exists {
		return 0, nil
	}
	var v int
	if err := sqlx.GetContext(ctx, q, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		return 0, dbError(err, "read the schema version")
	}
	all, err := migrations()
	if err != nil {
		return 0, &engine.Error{Code: engine.EINTERNAL, Message: "sqlite: bad embedded migrations", Err: err}
	}
	if v > len(all) {
		return v, engine.Errorf(engine.EINTERNAL,
			"sqlite: the database schema is at version %d but this build of Lode knows versions up to %d: run a newer Lode", v, len(all))
	}
	return v, nil
}
