package postgres

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Interactions recorded at the same time by different learners are
// committed together, first states and later ones alike, and each learner
// is answered only once its state and statements are stored: both can be
// read back the moment RecordInteraction returns.
func TestGroupCommitGathersConcurrentInteractions(t *testing.T) {
	db := MustOpenDB(t)
	const learners = 64
	regs := make([]*learning.Registration, learners)
	states := make([]*learning.ObjectState, learners)
	for i := range regs {
		regs[i] = mustFaultRegistration(t, db)
		states[i] = &learning.ObjectState{RegistrationID: regs[i].ID, ObjectID: "check"}
	}
	for round := 1; round <= 2; round++ { // the first INSERTs each state, the second UPDATEs it
		before := db.interactions.Batches.Load()
		interactAtOnce(t, db, regs, states, round)
		batches := db.interactions.Batches.Load() - before
		if batches >= learners {
			t.Fatalf("round %d: %d interactions at once made %d commits: nothing was gathered", round, learners, batches)
		}
		t.Logf("round %d: %d interactions in %d commits", round, learners, batches)
	}
}

// interactAtOnce has each learner answer at the same moment, then checks
// that what it was told is stored is.
func interactAtOnce(t *testing.T, db *DB, regs []*learning.Registration, states []*learning.ObjectState, round int) {
	start := make(chan struct{})
	errs := make(chan error, len(regs))
	var wg sync.WaitGroup
	for i, r := range regs {
		st := states[i]
		wg.Go(func() {
			<-start
			st.State = json.RawMessage(fmt.Sprintf(`{"round":%d}`, round))
			marker := fmt.Sprintf("round-%d", round)
			if err := db.RecordInteraction(t.Context(), st, lodeStatements(2, r.LearnerID, r.ID, r.ModuleID, "check", marker)); err != nil {
				errs <- err
				return
			}
			errs <- storedAsTold(t, db, st, 2*round)
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
// stored state, beside stmts statements of its registration.
func storedAsTold(t *testing.T, db *DB, st *learning.ObjectState, stmts int) error {
	got, err := db.ObjectStates(t.Context(), st.RegistrationID)
	if err != nil {
		return err
	}
	if len(got) != 1 || got[0].Version != st.Version || string(got[0].State) != string(st.State) {
		return fmt.Errorf("told version %d %s, stored %+v", st.Version, st.State, got)
	}
	sts, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: st.RegistrationID, Limit: 100})
	if err != nil || len(sts) != stmts {
		return fmt.Errorf("%d statements stored (%v), want %d", len(sts), err, stmts)
	}
	return nil
}

// In a batch, an interaction whose state changed meanwhile, a second one
// of the same state and one of a registration that does not exist are
// left out and fail alone, with the error they would get alone; the
// others are committed together.
func TestGroupCommitBadInteractionsFailAlone(t *testing.T) {
	db := MustOpenDB(t)
	regs := mustStartedRegistrations(t, db, 2)
	cases := []interactionCase{
		{"stale version", mustInteraction(t, db, regs[0], 0, nil), isStateConflict},
		{"a new state", mustInteraction(t, db, mustFaultRegistration(t, db), 0, nil), isNil},
		{"an update", mustInteraction(t, db, regs[1], 1, nil), isNil},
		{"the same state again", mustInteraction(t, db, regs[1], 1, nil), isStateConflict},
		{"no such registration", mustInteraction(t, db, &learning.Registration{ID: uuid.NewString()}, 0, nil), isCode(engine.ENOTFOUND)},
	}
	before := db.interactions.Retried.Load()
	commitInteractions(t, db, cases)
	if retried := db.interactions.Retried.Load() - before; retried != 3 {
		t.Errorf("%d interactions retried alone, want the 3 bad ones", retried)
	}
	if err := storedAsTold(t, db, cases[2].in.State, 0); err != nil || cases[2].in.State.Version != 2 {
		t.Errorf("the update: %v, version %d", err, cases[2].in.State.Version)
	}
}

// A batch holding an interaction whose statement clashes with a stored
// one (same id, other content) fails as a whole; each interaction is then
// recorded alone, so only that one fails.
func TestGroupCommitClashingStatementFailsAlone(t *testing.T) {
	db := MustOpenDB(t)
	regs := mustStartedRegistrations(t, db, 2)
	taken := lodeStatements(1, regs[0].LearnerID, uuid.NewString(), regs[0].ModuleID, "check", "taken")
	if err := db.StoreStatements(t.Context(), taken); err != nil {
		t.Fatal(err)
	}
	clash := lodeStatements(1, regs[0].LearnerID, regs[0].ID, regs[0].ModuleID, "check", "clash")
	clash[0].ID = taken[0].ID
	ok := lodeStatements(2, regs[1].LearnerID, regs[1].ID, regs[1].ModuleID, "check", "ok")
	cases := []interactionCase{
		{"a clashing statement", mustInteraction(t, db, regs[0], 1, clash), isConflictNotState},
		{"a good one", mustInteraction(t, db, regs[1], 1, ok), isNil},
	}
	commitInteractions(t, db, cases)
	if err := storedAsTold(t, db, cases[1].in.State, 2); err != nil {
		t.Error(err)
	}
}

type interactionCase struct {
	name string
	in   *sqlstore.Interaction
	want func(error) bool
}

// commitInteractions commits the cases' interactions as one batch and
// checks each one's answer.
func commitInteractions(t *testing.T, db *DB, cases []interactionCase) {
	t.Helper()
	ins := make([]*sqlstore.Interaction, len(cases))
	for i, c := range cases {
		ins[i] = c.in
	}
	errs := db.interactions.Commit(ins)
	for i, c := range cases {
		if err := errs[i]; !c.want(err) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// mustStartedRegistrations returns n registrations whose object "check"
// has a state at version 1.
func mustStartedRegistrations(t *testing.T, db *DB, n int) []*learning.Registration {
	regs := make([]*learning.Registration, n)
	for i := range regs {
		regs[i] = mustFaultRegistration(t, db)
		st := &learning.ObjectState{RegistrationID: regs[i].ID, ObjectID: "check", State: json.RawMessage(`{"n":1}`)}
		if err := db.RecordInteraction(t.Context(), st, nil); err != nil {
			t.Fatal(err)
		}
	}
	return regs
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

func isNil(err error) bool { return err == nil }

func isStateConflict(err error) bool { return errors.Is(err, learning.ErrStateConflict) }

func isConflictNotState(err error) bool {
	return engine.ErrorCode(err) == engine.ECONFLICT && !errors.Is(err, learning.ErrStateConflict)
}

func isCode(code string) func(error) bool {
	return func(err error) bool { return err != nil && engine.ErrorCode(err) == code }
}
