package sqlite

import (
	"testing"

	"github.com/lode-elearning/lode/engine/storetest"
)

// generateCompletions stores completions from to to-1 in two statements,
// numbers made by a recursive CTE: fast enough to make 100,000.
func (db *DB) generateCompletions(t *testing.T, from, to int) {
	at := nanos(storetest.FlatDay)
	const learners = `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
		INSERT INTO learners (id, name, email, created_at, updated_at)
		SELECT 'flat-' || i, 'Learner ' || i, 'learner' || i || '@library.example', ?, ? FROM n`
	const registrations = `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
		INSERT INTO registrations (id, learner_id, module_id, started_at, updated_at, completed_at, completed_version)
		SELECT printf('00000000-0000-4000-8000-%012d', i), 'flat-' || i, ?, ?, ?, ?, '1.0.0' FROM n`
	if _, err := db.write.ExecContext(t.Context(), learners, from, to, at, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(t.Context(), registrations, from, to, storetest.FlatModule, at, at, at); err != nil {
		t.Fatal(err)
	}
}

func TestCompletionsFlat(t *testing.T) {
	db := MustOpenDB(t)
	storetest.TestCompletionsFlat(t, db, db.generateCompletions)
}
