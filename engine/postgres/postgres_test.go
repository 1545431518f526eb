package postgres

import (
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine/storetest"
)

// testDB is the database this test package creates on the server named by
// LODE_TEST_POSTGRES_URL, on first use, and drops when its tests end.
var testDB struct {
	once sync.Once
	base string // the server's URL, for creating and dropping
	url  string
	name string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testDB.name != "" {
		if err := dropDatabase(testDB.base, testDB.name); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// MustOpenDB opens the package's test database, migrated; the pool is
// closed when the test ends. The test is skipped without
// LODE_TEST_POSTGRES_URL, except in CI.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	u := mustTestURL(tb)
	db, err := Open(tb.Context(), u)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(tb.Context()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// mustTestURL returns the URL of the package's test database, creating it
// on first use.
func mustTestURL(tb testing.TB) string {
	tb.Helper()
	base := storetest.PostgresURL(tb)
	testDB.once.Do(func() {
		testDB.base = base
		testDB.name = "lode_test_" + strings.ToLower(rand.Text()[:12])
		testDB.url, testDB.err = createDatabase(base, testDB.name)
		if testDB.err != nil {
			testDB.name = ""
		}
	})
	if testDB.err != nil {
		tb.Fatal(testDB.err)
	}
	return testDB.url
}

func createDatabase(base, name string) (string, error) {
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", fmt.Errorf("create test database: %w", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("LODE_TEST_POSTGRES_URL must be a postgres:// URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

func dropDatabase(base, name string) error {
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
		return fmt.Errorf("drop test database %s: %w", name, err)
	}
	return nil
}

func TestStores(t *testing.T) {
	storetest.TestStores(t, func(t *testing.T) storetest.Stores {
		db := MustOpenDB(t)
		return storetest.Stores{Learners: db, Accounts: db, Progress: db, Statements: db, Credentials: db, Outbox: db,
			Documents: db, Definitions: db, Attachments: db, Privacy: db, Holding: db.holding}
	})
}

func TestMigrate(t *testing.T) {
	t.Run("RecordsEachMigrationOnce", func(t *testing.T) {
		db := MustOpenDB(t)
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		var names []string
		if err := db.db.SelectContext(t.Context(), &names, `SELECT name FROM schema_migrations ORDER BY version`); err != nil {
			t.Fatal(err)
		}
		all, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, m := range all {
			want = append(want, m.Name)
		}
		if !slices.Equal(names, want) {
			t.Fatalf("schema_migrations holds %v, want %v", names, want)
		}
	})

	// Open on a database not migrated yet cannot prepare the INSERT of
	// a statement; Migrate does, and statements store either way.
	t.Run("PreparesOnceMigrated", func(t *testing.T) {
		db, err := Open(t.Context(), mustOwnDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if db.insertOne != nil {
			t.Fatal("the INSERT is prepared before the statements table exists")
		}
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if db.insertOne == nil {
			t.Fatal("the INSERT is not prepared after Migrate")
		}
		if err := db.StoreStatements(t.Context(), lodeStatements(1, "learner-m", uuid.NewString(), "m", "o", "m")); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		u := mustOwnDatabase(t)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() {
				db, err := Open(t.Context(), u)
				if err == nil {
					err = db.Migrate(t.Context())
					db.Close()
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("MovesLinkTablesIntoStatementRows", func(t *testing.T) {
		// Migration 0005 replaces statement_activities and statement_agents
		// with columns: a database written by an older Lode keeps every
		// statement findable.
		db, err := Open(t.Context(), mustOwnDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		all, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.db.ExecContext(t.Context(), createMigrationsTable); err != nil {
			t.Fatal(err)
		}
		for _, m := range all[:4] {
			if err := db.withTx(t.Context(), func(tx *sqlx.Tx) error { return apply(t.Context(), tx, m, pgTime(time.Now())) }); err != nil {
				t.Fatal(err)
			}
		}
		const old = `
			INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, stored)
			VALUES ('6f1c1d1e-0000-4000-8000-000000000001', '{}', 'mbox::mailto:a@b.org', 'v', 'https://lode.example/q', now());
			INSERT INTO statement_activities VALUES
				('https://lode.example/q', '6f1c1d1e-0000-4000-8000-000000000001'),
				('https://lode.example/m', '6f1c1d1e-0000-4000-8000-000000000001');
			INSERT INTO statement_agents VALUES
				('mbox::mailto:a@b.org', 'direct', '6f1c1d1e-0000-4000-8000-000000000001'),
				('mbox::mailto:o@b.org', 'direct', '6f1c1d1e-0000-4000-8000-000000000001'),
				('mbox::mailto:i@b.org', 'related', '6f1c1d1e-0000-4000-8000-000000000001'),
				('account::https://lode.example|client', 'authority', '6f1c1d1e-0000-4000-8000-000000000001');`
		if _, err := db.db.ExecContext(t.Context(), old); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		var row struct {
			Activities pq.StringArray `db:"activities"`
			Agents     pq.StringArray `db:"agents"`
			Related    pq.StringArray `db:"related_agents"`
		}
		if err := db.db.GetContext(t.Context(), &row, `SELECT activities, agents, related_agents FROM statements`); err != nil {
			t.Fatal(err)
		}
		if want := []string{"https://lode.example/m", "https://lode.example/q"}; !slices.Equal(row.Activities, want) {
			t.Errorf("activities %q, want %q", row.Activities, want)
		}
		if want := []string{"mbox::mailto:o@b.org"}; !slices.Equal(row.Agents, want) {
			t.Errorf("agents %q, want %q", row.Agents, want)
		}
		if want := []string{"a:account::https://lode.example|client", "r:mbox::mailto:i@b.org"}; !slices.Equal(row.Related, want) {
			t.Errorf("related_agents %q, want %q", row.Related, want)
		}
	})

	t.Run("RefusesNewerSchema", func(t *testing.T) {
		u := mustOwnDatabase(t)
		db, err := Open(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.db.ExecContext(t.Context(), `INSERT INTO schema_migrations VALUES (99, 'future', now())`); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(t.Context()); err == nil || !strings.Contains(err.Error(), "version 99") {
			t.Fatalf("Migrate on a newer schema: got %v, want an error naming version 99", err)
		}
		if db2, err := Open(t.Context(), u); err == nil {
			db2.Close()
			t.Fatal("Open on a newer schema succeeded")
		} else if !strings.Contains(err.Error(), "version 99") {
			t.Fatalf("Open on a newer schema: got %v, want an error naming version 99", err)
		}
	})
}

// mustOwnDatabase creates an empty database for one test, dropped when it
// ends, for tests that change the schema.
func mustOwnDatabase(t *testing.T) string {
	t.Helper()
	mustTestURL(t)
	name := "lode_test_" + strings.ToLower(rand.Text()[:12])
	u, err := createDatabase(testDB.base, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(testDB.base, name); err != nil {
			t.Error(err)
		}
	})
	return u
}
