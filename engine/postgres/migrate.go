package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationLock is the key of the advisory lock that keeps two servers
// starting at once from applying the same migration.
const migrationLock = 0x10de_5c4e_4a11

// migration is one numbered file of migrations/, e.g. 0001_init.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order. They must be numbered
// 1, 2, 3... without gaps: the highest number is the schema version this
// build knows.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	out := make([]migration, 0, len(names))
	for i, name := range names { // fs.Glob sorts names
		base := strings.TrimSuffix(path.Base(name), ".sql")
		num, label, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want number %04d", name, i+1)
		}
		b, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: label, sql: string(b)})
	}
	return out, nil
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
func (db *DB) Migrate(ctx context.Context) error {
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
		_, err := db.schemaVersion(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	for _, m := range all {
		if err := db.withTx(ctx, func(tx *sqlx.Tx) error { return apply(ctx, tx, m, db.stamp()) }); err != nil {
			return err
		}
	}
	return nil
}

func lockMigrations(ctx context.Context, tx *sqlx.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return dbError(err, "lock schema_migrations")
	}
	return nil
}

func apply(ctx context.Context, tx *sqlx.Tx, m migration, at time.Time) error {
	if err := lockMigrations(ctx, tx); err != nil {
		return err
	}
	var applied bool
	if err := tx.GetContext(ctx, &applied, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.version); err != nil {
		return dbError(err, "read schema_migrations")
	}
	if applied {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return dbError(err, fmt.Sprintf("apply migration %04d_%s", m.version, m.name))
	}
	const q = `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`
	if _, err := tx.ExecContext(ctx, q, m.version, m.name, at); err != nil {
		return dbError(err, "record migration")
	}
	return nil
}

// schemaVersion returns the version of the database's schema, 0 for an empty
// database, and an error if it is newer than the migrations this build has.
func (db *DB) schemaVersion(ctx context.Context, q sqlx.QueryerContext) (int, error) {
	var exists bool
	if err := sqlx.GetContext(ctx, q, &exists, `SELECT to_regclass('schema_migrations') IS NOT NULL`); err != nil {
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
		return 0, &engine.Error{Code: engine.EINTERNAL, Message: "postgres: bad embedded migrations", Err: err}
	}
	if v > len(all) {
		return v, engine.Errorf(engine.EINTERNAL,
			"postgres: the database schema is at version %d but this build of Lode knows versions up to %d: run a newer Lode", v, len(all))
	}
	return v, nil
}
