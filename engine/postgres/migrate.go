package postgres

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

// migrationLock is the key of the advisory lock that keeps two servers
// starting at once from applying the same migration.
const migrationLock = 0x10de_5c4e_4a11

// migrations returns the embedded migrations in order.
func migrations() ([]migration.Migration, error) {
	return migration.Load(migrationFS, "migrations/*.sql")
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL
)`

// Migrate applies the migrations the database lacks, each in its own
// transaction, and records them in schema_migrations. Servers starting
// together take turns. It fails, changing nothing, if the database's schema
// is newer than this build knows.
func (db *DB) Migrate(ctx context.Context) error { return db.MigrateWith(ctx, nil) }

// MigrateWith is Migrate telling progress, if not nil, of each migration
// as it is done (applied now or before): its file name, and how many of
// how many are done.
func (db *DB) MigrateWith(ctx context.Context, progress migration.Progress) error {
	all, err := migrations()
	if err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "postgres: bad embedded migrations", Err: err}
	}
	err = db.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := lockMigrations(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
			return dbError(err, "create schema_migrations")
		}
		_, _, err := db.schemaVersion(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	for i, m := range all {
		if err := db.withTx(ctx, func(tx *sqlx.Tx) error { return apply(ctx, tx, m, pgTime(time.Now())) }); err != nil {
			return err
		}
		progress.Report(m, i+1, len(all))
	}
	return db.prepare(ctx)
}

func lockMigrations(ctx context.Context, tx *sqlx.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return dbError(err, "lock schema_migrations")
	}
	return nil
}

func apply(ctx context.Context, tx *sqlx.Tx, m migration.Migration, at time.Time) error {
	if err := lockMigrations(ctx, tx); err != nil {
		return err
	}
	var applied bool
	if err := tx.GetContext(ctx, &applied, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version); err != nil {
		return dbError(err, "read schema_migrations")
	}
	if applied {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return dbError(err, fmt.Sprintf("apply migration %04d_%s", m.Version, m.Name))
	}
	const q = `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`
	if _, err := tx.ExecContext(ctx, q, m.Version, m.Name, at); err != nil {
		return dbError(err, "record migration")
	}
	return nil
}

// schemaVersion returns the version of the database's schema, 0 for an
// empty database, and the latest version this build knows; an error if the
// schema is newer than that.
func (db *DB) schemaVersion(ctx context.Context, q sqlx.QueryerContext) (v, known int, err error) {
	all, err := migrations()
	if err != nil {
		return 0, 0, &engine.Error{Code: engine.EINTERNAL, Message: "postgres: bad embedded migrations", Err: err}
	}
	var exists bool
	if err := sqlx.GetContext(ctx, q, &exists, `SELECT to_regclass('schema_migrations') IS NOT NULL`); err != nil {
		return 0, 0, dbError(err, "read the schema version")
	}
	if !exists {
		return 0, len(all), nil
	}
	if err := sqlx.GetContext(ctx, q, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		return 0, 0, dbError(err, "read the schema version")
	}
	if v > len(all) {
		return v, len(all), engine.Errorf(engine.EINTERNAL,
			"postgres: the database schema is at version %d but this build of Lode knows versions up to %d: run a newer Lode", v, len(all))
	}
	return v, len(all), nil
}
