package postgres

import (
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Single statements written at the same time are committed together, in
// fewer transactions than statements, and every writer is answered only
// once its statement is stored: each can be read back the moment
// StoreStatements returns.
func TestGroupCommitGathersConcurrentWrites(t *testing.T) {
	db := MustOpenDB(t)
	const writers = 64
	reg := uuid.NewString()
	sts := lodeStatements(writers, "learner-group", reg, "m", "o", "group")
	before := db.group.Batches.Load()
	start := make(chan struct{})
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for _, st := range sts {
		wg.Go(func() {
			<-start
			if err := db.StoreStatements(t.Context(), []xapi.Statement{st}); err != nil {
				errs <- err
				return
			}
			if _, err := db.StatementByID(t.Context(), st.ID, false); err != nil {
				errs <- err // answered before it was committed
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: reg, Limit: writers + 1})
	if err != nil || len(got) != writers {
		t.Fatalf("%d statements stored (%v), want %d", len(got), err, writers)
	}
	if batches := db.group.Batches.Load() - before; batches >= writers {
		t.Fatalf("%d writers at once made %d commits: nothing was gathered", writers, batches)
	} else {
		t.Logf("%d statements in %d commits", writers, batches)
	}
}

// A batch holding one bad statement (its id already stored with other
// content) fails only that statement's writer: the others are stored and
// told so, each retried alone.
func TestGroupCommitOneBadStatementFailsAlone(t *testing.T) {
	db := MustOpenDB(t)
	reg := uuid.NewString()
	sts := lodeStatements(10, "learner-bad", reg, "m", "o", "bad")
	taken := lodeStatements(1, "learner-bad", uuid.NewString(), "m", "o", "first")[0]
	if err := db.StoreStatements(t.Context(), []xapi.Statement{taken}); err != nil {
		t.Fatal(err)
	}
	clash := sts[4]
	clash.ID = taken.ID // same id, other content: a conflict
	sts[4] = clash
	ps, err := sqlstore.PendingStatements(sts)
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range db.group.Commit(ps) {
		switch {
		case i == 4 && engine.ErrorCode(err) != engine.ECONFLICT:
			t.Errorf("the clashing statement: %v, want a conflict", err)
		case i != 4 && err != nil:
			t.Errorf("statement %d failed with the bad one: %v", i, err)
		}
	}
	got, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: reg, Limit: 20})
	if err != nil || len(got) != 9 {
		t.Fatalf("%d statements stored (%v), want the 9 good ones", len(got), err)
	}
}
