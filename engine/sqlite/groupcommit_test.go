package sqlite

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Single statements written at the same time are committed together, in
// fewer transactions than statements, and every writer is answered only
// once its statement is stored: each can be read back, through the read
// pool, the moment StoreStatements returns.
func TestGroupCommitGathersConcurrentWrites(t *testing.T) {
	db := MustOpenDB(t)
	const writers = 64
	reg := uuid.NewString()
	sts := answers(writers, reg, "group")
	before := commits(&db.group)
	atOnce(t, writers, func(i int) error {
		if err := db.StoreStatements(t.Context(), sts[i:i+1]); err != nil {
			return err
		}
		_, err := db.StatementByID(t.Context(), sts[i].ID, false) // ENOTFOUND if answered before its commit
		return err
	})
	got, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: reg, Limit: writers + 1})
	if err != nil || len(got) != writers {
		t.Fatalf("%d statements stored (%v), want %d", len(got), err, writers)
	}
	if batches := commits(&db.group) - before; batches >= writers {
		t.Fatalf("%d writers at once made %d commits: nothing was gathered", writers, batches)
	} else {
		t.Logf("%d statements in %d commits", writers, batches)
	}
}

// A batch holding one bad statement (its id already stored with other
// content) fails only that statement's writer, with a conflict; the
// others are stored and told so.
func TestGroupCommitOneBadStatementFailsAlone(t *testing.T) {
	db := MustOpenDB(t)
	reg := uuid.NewString()
	sts := answers(10, reg, "bad")
	taken := answers(1, uuid.NewString(), "first")
	if err := db.StoreStatements(t.Context(), taken); err != nil {
		t.Fatal(err)
	}
	sts[4].ID = taken[0].ID // same id, other content
	ps, err := sqlstore.PendingStatements(sts)
	if err != nil {
		t.Fatal(err)
	}
	before := db.group.Retried.Load()
	for i, err := range db.group.Commit(ps) {
		switch {
		case i == 4 && engine.ErrorCode(err) != engine.ECONFLICT:
			t.Errorf("the clashing statement: %v, want a conflict", err)
		case i != 4 && err != nil:
			t.Errorf("statement %d failed with the bad one: %v", i, err)
		}
	}
	if retried := db.group.Retried.Load() - before; retried != 1 {
		t.Errorf("%d statements retried alone, want the bad one", retried)
	}
	got, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: reg, Limit: 20})
	if err != nil || len(got) != 9 {
		t.Fatalf("%d statements stored (%v), want the 9 good ones", len(got), err)
	}
}

// Interactions recorded at the same time by different learners are
// committed together, first states and later ones alike, and each is
// answered only once its state and statements can be read back.
func TestGroupCommitGathersConcurrentInteractions(t *testing.T) {
	db := MustOpenDB(t)
	const learners = 64
	regs := make([]*learning.Registration, learners)
	states := make([]*learning.ObjectState, learners)
	for i := range regs {
		regs[i] = mustRegistration(t, db)
		states[i] = &learning.ObjectState{RegistrationID: regs[i].ID, ObjectID: "check"}
	}
	for round := 1; round <= 2; round++ { // the first inserts each state, the second updates it
		before := commits(&db.interactions)
		atOnce(t, learners, func(i int) error {
			st := states[i]
			st.State = json.RawMessage(fmt.Sprintf(`{"round":%d}`, round))
			if err := db.RecordInteraction(t.Context(), st, answers(2, regs[i].ID, fmt.Sprint(round))); err != nil {
				return err
			}
			return storedAsTold(t, db, st, 2*round)
		})
		batches := commits(&db.interactions) - before
		if batches >= learners {
			t.Fatalf("round %d: %d interactions at once made %d commits: nothing was gathered", round, learners, batches)
		}
		t.Logf("round %d: %d interactions in %d commits", round, learners, batches)
	}
}

// In a batch, an interaction whose state changed meanwhile, a second one
// of the same state, one of a registration that does not exist and one
// whose statement clashes with a stored one fail alone, with the error
// they would get alone; the others are committed together.
func TestGroupCommitBadInteractionsFailAlone(t *testing.T) {
	db := MustOpenDB(t)
	regs := make([]*learning.Registration, 3)
	for i := range regs {
		regs[i] = mustRegistration(t, db)
		st := &learning.ObjectState{RegistrationID: regs[i].ID, ObjectID: "check"}
		if err := db.RecordInteraction(t.Context(), st, nil); err != nil {
			t.Fatal(err)
		}
	}
	taken := answers(1, uuid.NewString(), "taken")
	if err := db.StoreStatements(t.Context(), taken); err != nil {
		t.Fatal(err)
	}
	clash := answers(1, regs[2].ID, "clash")
	clash[0].ID = taken[0].ID
	cases := []struct {
		name string
		in   *sqlstore.Interaction
		want func(error) bool
	}{
		{"stale version", mustInteraction(t, db, regs[0], 0, nil), isStateConflict},
		{"a new state", mustInteraction(t, db, mustRegistration(t, db), 0, nil), isNil},
		{"an update", mustInteraction(t, db, regs[1], 1, nil), isNil},
		{"the same state again", mustInteraction(t, db, regs[1], 1, nil), isStateConflict},
		{"no such registration", mustInteraction(t, db, &learning.Registration{ID: uuid.NewString()}, 0, nil), isCode(engine.ENOTFOUND)},
		{"a clashing statement", mustInteraction(t, db, regs[2], 1, clash), isConflictNotState},
	}
	ins := make([]*sqlstore.Interaction, len(cases))
	for i, c := range cases {
		ins[i] = c.in
	}
	before := db.interactions.Retried.Load()
	for i, err := range db.interactions.Commit(ins) {
		if !cases[i].want(err) {
			t.Errorf("%s: %v", cases[i].name, err)
		}
	}
	if retried := db.interactions.Retried.Load() - before; retried != 4 {
		t.Errorf("%d interactions retried alone, want the 4 bad ones", retried)
	}
	if err := storedAsTold(t, db, cases[2].in.State, 0); err != nil || cases[2].in.State.Version != 2 {
		t.Errorf("the update: %v, version %d", err, cases[2].in.State.Version)
	}
	if err := storedAsTold(t, db, &learning.ObjectState{RegistrationID: regs[2].ID, Version: 1}, 0); err != nil {
		t.Errorf("the clashing interaction left something behind: %v", err)
	}
}

// commits is how many transactions c has committed: its batches and the
// writes it retried alone.
func commits[T any](c *sqlstore.Committer[T]) int64 { return c.Batches.Load() + c.Retried.Load() }

// atOnce runs f(0) to f(n-1) at the same moment and fails t with their
// errors.
func atOnce(t *testing.T, n int, f func(i int) error) {
	t.Helper()
	start := make(chan struct{})
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs <- f(i)
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// storedAsTold checks that st, as RecordInteraction returned it, is the
// stored state (only its version if st has no state), beside stmts
// statements of its registration.
func storedAsTold(t testing.TB, db *DB, st *learning.ObjectState, stmts int) error {
	got, err := db.ObjectStates(t.Context(), st.RegistrationID)
	if err != nil {
		return err
	}
	if len(got) != 1 || got[0].Version != st.Version || (st.State != nil && string(got[0].State) != string(st.State)) {
		return fmt.Errorf("told version %d %s, stored %+v", st.Version, st.State, got)
	}
	sts, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: st.RegistrationID, Limit: 100})
	if err != nil || len(sts) != stmts {
		return fmt.Errorf("%d statements stored (%v), want %d", len(sts), err, stmts)
	}
	return nil
}

func mustRegistration(tb testing.TB, db *DB) *learning.Registration {
	tb.Helper()
	l := &learning.Learner{ID: "learner-" + uuid.NewString()}
	if err := db.CreateLearner(tb.Context(), l); err != nil {
		tb.Fatal(err)
	}
	r, err := db.EnsureRegistration(tb.Context(), &learning.Registration{LearnerID: l.ID, ModuleID: "group-commit"})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func mustInteraction(t *testing.T, db *DB, r *learning.Registration, version int64, stmts []xapi.Statement) *sqlstore.Interaction {
	t.Helper()
	st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "check", Version: version, State: json.RawMessage(`{"n":2}`)}
	in, err := db.CheckInteraction(st, stmts)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// answers returns n quiz answers in registration reg ("" for none),
// marker in each response.
func answers(n int, reg, marker string) []xapi.Statement {
	at := time.Now()
	scaled, yes := 1.0, true
	out := make([]xapi.Statement, n)
	for i := range out {
		out[i] = xapi.Statement{
			ID:     uuid.NewString(),
			Actor:  xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: "https://lode.example", Name: "ada"}},
			Verb:   xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered", Display: map[string]string{"en-US": "answered"}},
			Object: xapi.Object{ObjectType: "Activity", ID: "https://lode.example/modules/m/objects/quiz/questions/q1"},
			Result: &xapi.Result{Score: &xapi.Score{Scaled: &scaled}, Success: &yes, Response: fmt.Sprintf("p1 %s#%d", marker, i)},
			Context: &xapi.Context{Registration: reg, ContextActivities: &xapi.ContextActivities{
				Parent: []xapi.Object{{ObjectType: "Activity", ID: "https://lode.example/modules/m/objects/quiz"}},
			}},
			Timestamp: &at, Stored: &at, Version: string(xapi.V103),
		}
	}
	return out
}

func isNil(err error) bool { return err == nil }

func isStateConflict(err error) bool { return errors.Is(err, learning.ErrStateConflict) }

func isConflictNotState(err error) bool {
	return engine.ErrorCode(err) == engine.ECONFLICT && !isStateConflict(err)
}

func isCode(code string) func(error) bool {
	return func(err error) bool { return err != nil && engine.ErrorCode(err) == code }
}
