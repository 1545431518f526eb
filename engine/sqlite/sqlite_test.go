package sqlite

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storetest"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// MustOpenDB opens and migrates a new database file in a temporary
// directory, closed when the test ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return mustOpen(tb, "file:"+filepath.Join(tb.TempDir(), "lode.db"))
}

func mustOpen(tb testing.TB, dsn string) *DB {
	tb.Helper()
	db, err := Open(tb.Context(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(tb.Context()); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestStores(t *testing.T) {
	storetest.TestStores(t, func(t *testing.T) storetest.Stores {
		db := MustOpenDB(t)
		return storetest.Stores{Learners: db, Accounts: db, Progress: db, Certificates: db, Statements: db, Credentials: db, Outbox: db,
			Documents: db, Definitions: db, Attachments: db, Privacy: db, Holding: db.holding}
	})
}

func TestInMemory(t *testing.T) {
	db := mustOpen(t, ":memory:")
	l := &learning.Learner{ID: "ada"}
	if err := db.CreateLearner(t.Context(), l); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Learner(t.Context(), "ada"); err != nil {
		t.Fatal(err)
	}
}

func TestMigrate(t *testing.T) {
	t.Run("RecordsEachMigrationOnce", func(t *testing.T) {
		db := MustOpenDB(t)
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		var names []string
		if err := db.read.SelectContext(t.Context(), &names, `SELECT name FROM schema_migrations ORDER BY version`); err != nil {
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

	t.Run("RefusesNewerSchema", func(t *testing.T) {
		dsn := "file:" + filepath.Join(t.TempDir(), "lode.db")
		db := mustOpen(t, dsn)
		if _, err := db.write.ExecContext(t.Context(), `INSERT INTO schema_migrations VALUES (99, 'future', 0)`); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(t.Context()); err == nil || !strings.Contains(err.Error(), "version 99") {
			t.Fatalf("Migrate on a newer schema: got %v, want an error naming version 99", err)
		}
		if db2, err := Open(t.Context(), dsn); err == nil {
			db2.Close()
			t.Fatal("Open on a newer schema succeeded")
		} else if !strings.Contains(err.Error(), "version 99") {
			t.Fatalf("Open on a newer schema: got %v, want an error naming version 99", err)
		}
	})
}

// Two handles on one file stand for two processes: SQLite's busy timeout,
// not luck, must keep their writers from failing.
func TestTwoHandlesOneFile(t *testing.T) {
	dsn := "file:" + filepath.Join(t.TempDir(), "lode.db")
	dbs := []*DB{mustOpen(t, dsn), mustOpen(t, dsn)}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			errs <- dbs[i%2].CreateLearner(t.Context(), &learning.Learner{ID: fmt.Sprintf("learner-%d", i)})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestStatementIndexes(t *testing.T) {
	db := MustOpenDB(t)
	target := xapi.Statement{ID: "6f2c7c4e-5d8a-4c1e-9a57-0d2b4e1f8a10", Actor: xapi.Agent{Mbox: "mailto:a@b.org"},
		Verb: xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered"}, Object: xapi.Object{ID: "https://lode.example/q"},
		Context: &xapi.Context{ContextActivities: &xapi.ContextActivities{
			Parent:   []xapi.Object{{ID: "https://lode.example/m"}},
			Grouping: []xapi.Object{{ID: "https://lode.example/m"}, {ID: "https://lode.example/course"}},
		}}}
	voiding := xapi.Statement{ID: "0b7e3f1a-2c4d-4e5f-8a9b-1c2d3e4f5a6b", Actor: target.Actor,
		Verb: xapi.Verb{ID: xapi.VoidedVerb}, Object: xapi.Object{ObjectType: "StatementRef", ID: strings.ToUpper(target.ID)}}
	now := time.Now()
	target.Stored, voiding.Stored = &now, &now
	if err := db.StoreStatements(t.Context(), []xapi.Statement{target, voiding}); err != nil {
		t.Fatal(err)
	}

	t.Run("RelatedActivities", func(t *testing.T) {
		var got []string
		const q = `SELECT activity_id FROM statement_activities WHERE statement_id = ? ORDER BY activity_id`
		if err := db.read.SelectContext(t.Context(), &got, q, target.ID); err != nil {
			t.Fatal(err)
		}
		if want := "https://lode.example/course,https://lode.example/m,https://lode.example/q"; strings.Join(got, ",") != want {
			t.Fatalf("related activities %v, want %s", got, want)
		}
	})

	t.Run("Voided", func(t *testing.T) {
		var voided []string
		if err := db.read.SelectContext(t.Context(), &voided, `SELECT id FROM statements WHERE voided`); err != nil {
			t.Fatal(err)
		}
		if strings.Join(voided, ",") != target.ID {
			t.Fatalf("voided statements %v, want only %s", voided, target.ID)
		}
	})
}
