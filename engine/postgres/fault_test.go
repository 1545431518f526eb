package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/faulttest"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storetest"
)

// outcome is what became of one interaction written during an outage.
type outcome struct {
	objectID     string // unique to the interaction: its marker
	statementIDs []string
	err          error
}

// Learners keep interacting while PostgreSQL drops every connection of the
// database, again and again, and while a server of the test's own restarts.
// Every RecordInteraction that returned nil must be stored whole; every
// other must have returned EUNAVAILABLE, never EINTERNAL; and no
// interaction may be half-written: its state without all its statements,
// or statements without its state.
func TestRecordInteractionDuringOutage(t *testing.T) {
	t.Run("Terminated", func(t *testing.T) {
		u := mustOwnDatabase(t)
		interactDuringOutage(t, u, func(ctx context.Context, _ *DB, _ []*learning.Registration, failures *atomic.Int64) {
			terminateBackends(t, ctx, u, failures)
		})
	})
	t.Run("Restarted", func(t *testing.T) {
		pg := faulttest.StartPostgres(t)
		interactDuringOutage(t, pg.Database("restarted"), func(_ context.Context, db *DB, regs []*learning.Registration, _ *atomic.Int64) {
			waitForSuccesses(t, db, regs) // the writers are under way
			start := time.Now()
			pg.Restart()
			t.Logf("PostgreSQL restarted in %v", time.Since(start).Round(time.Millisecond))
			waitForSuccesses(t, db, regs)
		})
	})
}

func interactDuringOutage(t *testing.T, u string, outage func(context.Context, *DB, []*learning.Registration, *atomic.Int64)) {
	db, err := Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	const writers = 16
	regs := make([]*learning.Registration, writers)
	for i := range regs {
		regs[i] = mustFaultRegistration(t, db)
	}
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	var failures atomic.Int64
	results := make(chan []outcome, writers)
	for w, r := range regs {
		go func() { results <- interactUntil(ctx, db, r, w, &failures) }()
	}
	outage(ctx, db, regs, &failures)
	stop()
	var all []outcome
	for range writers {
		all = append(all, <-results...)
	}
	checkOutcomes(t, db, regs, all)
}

func mustFaultRegistration(t testing.TB, db *DB) *learning.Registration {
	t.Helper()
	l := &learning.Learner{ID: "learner-" + uuid.NewString()}
	if err := db.CreateLearner(t.Context(), l); err != nil {
		t.Fatal(err)
	}
	r, err := db.EnsureRegistration(t.Context(), &learning.Registration{LearnerID: l.ID, ModuleID: "reference-desk-basics"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// interactUntil records interactions, each a new object's state and three
// statements, as the engine does for a quiz answer, until ctx is done.
func interactUntil(ctx context.Context, db *DB, r *learning.Registration, writer int, failures *atomic.Int64) []outcome {
	var out []outcome
	for i := 0; ctx.Err() == nil; i++ {
		marker := fmt.Sprintf("w%02d-%05d", writer, i)
		stmts := lodeStatements(3, r.LearnerID, r.ID, r.ModuleID, marker, marker)
		s := &learning.ObjectState{RegistrationID: r.ID, ObjectID: marker, State: json.RawMessage(`{"marker":"` + marker + `"}`), Completed: true}
		// Not ctx: a call cut short by the test's end is not the outage.
		callCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := db.RecordInteraction(callCtx, s, stmts)
		cancel()
		if err != nil {
			failures.Add(1)
		}
		o := outcome{objectID: marker, err: err}
		for _, st := range stmts {
			o.statementIDs = append(o.statementIDs, st.ID)
		}
		out = append(out, o)
	}
	return out
}

// terminateBackends drops every connection to the test's database, from
// another connection, every few tens of milliseconds, until the writers have
// failed often enough to have met the outage at every step of a write, or
// ten seconds have passed.
func terminateBackends(t *testing.T, ctx context.Context, dbURL string, failures *atomic.Int64) {
	t.Helper()
	admin, err := sql.Open("postgres", storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := databaseName(t, dbURL)
	kills := 0
	for start := time.Now(); time.Since(start) < 10*time.Second; {
		if failures.Load() >= 50 && time.Since(start) > time.Second {
			break
		}
		var n int
		const q = `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`
		if err := admin.QueryRowContext(ctx, q, name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		kills += n
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return
		}
	}
	t.Logf("terminated %d connections; %d writes failed", kills, failures.Load())
	if failures.Load() == 0 {
		t.Fatal("no write failed: the test did not interrupt any")
	}
}

func databaseName(t *testing.T, dbURL string) string {
	t.Helper()
	var name string
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRowContext(t.Context(), `SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

// waitForSuccesses polls until every writer has stored an interaction
// since the call: before a restart, so that it meets writes under way;
// after it, so that the test sees the pool heal.
func waitForSuccesses(t *testing.T, db *DB, regs []*learning.Registration) {
	t.Helper()
	since := time.Now()
	for deadline := since.Add(30 * time.Second); ; {
		var n int
		const q = `SELECT count(DISTINCT registration_id) FROM object_states WHERE updated_at > $1`
		err := db.db.GetContext(t.Context(), &n, q, since)
		if err == nil && n == len(regs) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d writers stored anything within 30s (last error: %v)", n, len(regs), err)
		}
		<-time.After(50 * time.Millisecond)
	}
}

// checkOutcomes compares what the writers were told with what is stored.
func checkOutcomes(t *testing.T, db *DB, regs []*learning.Registration, all []outcome) {
	t.Helper()
	states, stmts := storedMarkers(t, db, regs)
	var ok, unavailable, ambiguous int
	for _, o := range all {
		hasState, n := states[o.objectID], 0
		for _, id := range o.statementIDs {
			if stmts[id] {
				n++
			}
		}
		switch {
		case hasState != (n == len(o.statementIDs)) || (!hasState && n > 0):
			t.Errorf("interaction %s half-written: state stored %v, %d of %d statements stored (error: %v)",
				o.objectID, hasState, n, len(o.statementIDs), o.err)
		case o.err == nil && !hasState:
			t.Errorf("interaction %s: RecordInteraction returned nil but nothing is stored", o.objectID)
		case o.err == nil:
			ok++
		case engine.ErrorCode(o.err) != engine.EUNAVAILABLE:
			t.Errorf("interaction %s: got code %q (%v), want %s", o.objectID, engine.ErrorCode(o.err), o.err, engine.EUNAVAILABLE)
		case hasState:
			// The commit reached the server but its answer did not reach
			// us: the caller was told to retry, and a retry finds it stored.
			ambiguous++
		default:
			unavailable++
		}
	}
	t.Logf("%d interactions: %d stored, %d failed with nothing stored, %d failed after their commit reached the server",
		len(all), ok, unavailable, ambiguous)
	if ok == 0 {
		t.Fatal("no interaction was stored")
	}
}

// storedMarkers returns the object ids with a stored state and the ids of
// the stored statements, of the given registrations.
func storedMarkers(t *testing.T, db *DB, regs []*learning.Registration) (states, stmts map[string]bool) {
	t.Helper()
	states, stmts = map[string]bool{}, map[string]bool{}
	ids := make([]string, len(regs))
	for i, r := range regs {
		ids[i] = r.ID
	}
	var objects, statements []string
	if err := db.db.SelectContext(t.Context(), &objects,
		`SELECT object_id FROM object_states WHERE registration_id = ANY($1::uuid[])`, pq.Array(ids)); err != nil {
		t.Fatal(err)
	}
	if err := db.db.SelectContext(t.Context(), &statements,
		`SELECT id FROM statements WHERE registration = ANY($1::uuid[])`, pq.Array(ids)); err != nil {
		t.Fatal(err)
	}
	for _, o := range objects {
		states[o] = true
	}
	for _, id := range statements {
		stmts[id] = true
	}
	return states, stmts
}
