package postgres

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/storetest"
)

// generateCompletions stores completions from to to-1 in two statements
// over generate_series: fast enough to make 100,000.
func (db *DB) generateCompletions(t *testing.T, from, to int) {
	at := storetest.FlatDay
	const learners = `INSERT INTO learners (id, name, email, created_at, updated_at)
		SELECT 'flat-' || i, 'Learner ' || i, 'learner' || i || '@library.example', $3, $3
		FROM generate_series($1::int, $2::int - 1) AS i`
	const registrations = `INSERT INTO registrations (id, learner_id, module_id, started_at, updated_at, completed_at, completed_version)
		SELECT ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'flat-' || i, $3, $4, $4, $4, '1.0.0'
		FROM generate_series($1::int, $2::int - 1) AS i`
	if _, err := db.db.ExecContext(t.Context(), learners, from, to, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(t.Context(), registrations, from, to, storetest.FlatModule, at); err != nil {
		t.Fatal(err)
	}
}

// TestCompletionsFlat runs on a database of its own, so that the shared
// one is not left with 100,000 registrations.
func TestCompletionsFlat(t *testing.T) {
	db := mustOwnDB(t, "lode_flat_")
	storetest.TestCompletionsFlat(t, db, db.generateCompletions)
}

// mustOwnDB opens a new, migrated database named prefix and a random
// suffix, dropped when t ends.
func mustOwnDB(t *testing.T, prefix string) *DB {
	base := storetest.PostgresURL(t)
	name := prefix + strings.ToLower(rand.Text()[:12])
	u, err := storetest.CreatePostgresDatabase(t.Context(), base, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := storetest.DropPostgresDatabase(context.Background(), base, name); err != nil {
			t.Error(err)
		}
	})
	db, err := Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}
