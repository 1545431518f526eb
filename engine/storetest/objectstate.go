package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

func testObjectStates(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		st, err := objectState(t, s, r.ID, "never-visited")
		wantCode(t, err, engine.ENOTFOUND)
		if st != nil {
			t.Fatalf("got state %+v with the error", st)
		}
	})

	t.Run("ListEmpty", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		states, err := s.Progress.ObjectStates(t.Context(), r.ID)
		must(t, err)
		if len(states) != 0 {
			t.Fatalf("got %d states, want none", len(states))
		}
	})

	t.Run("List", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		yes, half := true, 0.5
		want := map[string]*learning.ObjectState{
			"page-1": {RegistrationID: r.ID, ObjectID: "page-1", State: json.RawMessage(`{"seen":true}`), Completed: true},
			"quiz-1": {RegistrationID: r.ID, ObjectID: "quiz-1", State: json.RawMessage(`{"answers":[1,2]}`),
				Completed: true, Success: &yes, Scaled: &half},
		}
		for _, st := range want {
			must(t, s.Progress.RecordInteraction(t.Context(), st, nil))
		}
		got, err := s.Progress.ObjectStates(t.Context(), r.ID)
		must(t, err)
		if len(got) != len(want) {
			t.Fatalf("got %d states, want %d", len(got), len(want))
		}
		for _, g := range got {
			sameJSON(t, g.ObjectID, want[g.ObjectID], g)
		}
	})
}

func testRecordInteraction(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("FirstState", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		no, zero := false, 0.0
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "quiz-1",
			State: json.RawMessage(`{"answers": [3]}`), Completed: true, Success: &no, Scaled: &zero}
		stmt := newStatement(r, "quiz-1")
		must(t, s.Progress.RecordInteraction(t.Context(), st, []xapi.Statement{stmt}))
		if st.Version != 1 || st.UpdatedAt.IsZero() {
			t.Fatalf("Version %d UpdatedAt %v, want 1 and set", st.Version, st.UpdatedAt)
		}
		got, err := objectState(t, s, r.ID, "quiz-1")
		must(t, err)
		sameJSON(t, "state", st, got)
		gotStmt, err := storedStatement(t, s, stmt.ID)
		must(t, err)
		sameJSON(t, "statement", stmt, gotStmt)
	})

	t.Run("NextVersion", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		st := mustState(t, s, r, "page-1", `{"n":1}`)
		st.State = json.RawMessage(`{"n":2}`)
		st.Completed = true
		must(t, s.Progress.RecordInteraction(t.Context(), st, nil))
		got, err := objectState(t, s, r.ID, "page-1")
		must(t, err)
		if got.Version != 2 || st.Version != 2 || !got.Completed {
			t.Fatalf("got version %d (caller's %d) completed %v, want 2 and completed", got.Version, st.Version, got.Completed)
		}
		sameJSON(t, "state", json.RawMessage(`{"n":2}`), got.State)
	})

	t.Run("StaleVersion", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		mustState(t, s, r, "page-1", `{"tab":"none"}`)
		tab1, err := objectState(t, s, r.ID, "page-1")
		must(t, err)
		tab2 := *tab1
		tab1.State = json.RawMessage(`{"tab":1}`)
		must(t, s.Progress.RecordInteraction(t.Context(), tab1, nil))
		tab2.State = json.RawMessage(`{"tab":2}`)
		late := newStatement(r, "page-1")
		wantStateConflict(t, s.Progress.RecordInteraction(t.Context(), &tab2, []xapi.Statement{late}), true)
		got, err := objectState(t, s, r.ID, "page-1")
		must(t, err)
		sameJSON(t, "state", json.RawMessage(`{"tab":1}`), got.State)
		_, err = storedStatement(t, s, late.ID)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("VersionZeroWhenStored", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		mustState(t, s, r, "page-1", `{}`)
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "page-1", State: json.RawMessage(`{"again":true}`)}
		wantStateConflict(t, s.Progress.RecordInteraction(t.Context(), st, nil), true)
	})

	t.Run("VersionNeverStored", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "page-1", State: json.RawMessage(`{}`), Version: 3}
		wantStateConflict(t, s.Progress.RecordInteraction(t.Context(), st, nil), true)
	})

	t.Run("AllOrNothingNewState", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		stored := newStatement(r, "quiz-1")
		must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{stored}))
		fresh, clash := newStatement(r, "quiz-1"), stored
		clash.Verb = xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/failed"}
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "quiz-1", State: json.RawMessage(`{"a":1}`), Completed: true}
		wantStateConflict(t, s.Progress.RecordInteraction(t.Context(), st, []xapi.Statement{fresh, clash}), false)
		if st.Version != 0 {
			t.Fatalf("caller's Version is %d after a failed write, want 0 kept", st.Version)
		}
		_, err := objectState(t, s, r.ID, "quiz-1")
		wantCode(t, err, engine.ENOTFOUND)
		_, err = storedStatement(t, s, fresh.ID)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("AllOrNothingUpdate", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		st := mustState(t, s, r, "quiz-1", `{"try":1}`)
		stored := newStatement(r, "quiz-1")
		must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{stored}))
		clash := stored
		clash.Result = &xapi.Result{Response: "changed"}
		st.State = json.RawMessage(`{"try":2}`)
		wantStateConflict(t, s.Progress.RecordInteraction(t.Context(), st, []xapi.Statement{clash}), false)
		got, err := objectState(t, s, r.ID, "quiz-1")
		must(t, err)
		if got.Version != 1 {
			t.Fatalf("version %d after a failed write, want 1", got.Version)
		}
		sameJSON(t, "state", json.RawMessage(`{"try":1}`), got.State)
	})

	t.Run("ConcurrentWritersRetry", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		const writers, increments = 4, 10
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for range writers {
			wg.Go(func() {
				for range increments {
					if err := increment(t, s, r); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got, err := objectState(t, s, r.ID, "counter")
		must(t, err)
		var c struct{ N int }
		must(t, json.Unmarshal(got.State, &c))
		if c.N != writers*increments || got.Version != writers*increments {
			t.Fatalf("counter %d at version %d, want %d: an update was lost", c.N, got.Version, writers*increments)
		}
		stmts, _, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: r.ID, Limit: 1000})
		must(t, err)
		if len(stmts) != writers*increments {
			t.Fatalf("%d statements stored, want one per successful write: %d", len(stmts), writers*increments)
		}
	})

	t.Run("UnknownRegistration", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := &learning.ObjectState{RegistrationID: newID(), ObjectID: "page-1", State: json.RawMessage(`{}`)}
		wantCode(t, s.Progress.RecordInteraction(t.Context(), st, nil), engine.ENOTFOUND)
	})

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		for name, st := range map[string]*learning.ObjectState{
			"no object":    {RegistrationID: r.ID, State: json.RawMessage(`{}`)},
			"invalid JSON": {RegistrationID: r.ID, ObjectID: "page-1", State: json.RawMessage(`{"a":`)},
		} {
			err := s.Progress.RecordInteraction(t.Context(), st, nil)
			if engine.ErrorCode(err) != engine.EINVALID {
				t.Fatalf("%s: got %v, want %s", name, err, engine.EINVALID)
			}
		}
	})
}

// mustState stores a first state (version 1) for an object.
func mustState(t testing.TB, s Stores, r *learning.Registration, objectID, state string) *learning.ObjectState {
	t.Helper()
	st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: objectID, State: json.RawMessage(state)}
	must(t, s.Progress.RecordInteraction(t.Context(), st, nil))
	return st
}

// increment adds one to the counter object's state the way a handler does:
// read, change, write with the version read, and start again on ECONFLICT.
func increment(t testing.TB, s Stores, r *learning.Registration) error {
	for {
		st, err := objectState(t, s, r.ID, "counter")
		switch engine.ErrorCode(err) {
		case "":
		case engine.ENOTFOUND:
			st = &learning.ObjectState{RegistrationID: r.ID, ObjectID: "counter", State: json.RawMessage(`{"N":0}`)}
		default:
			return err
		}
		var c struct{ N int }
		if err := json.Unmarshal(st.State, &c); err != nil {
			return err
		}
		st.State = json.RawMessage(fmt.Sprintf(`{"N":%d}`, c.N+1))
		err = s.Progress.RecordInteraction(t.Context(), st, []xapi.Statement{newStatement(r, "counter")})
		if engine.ErrorCode(err) != engine.ECONFLICT {
			return err
		}
	}
}

// wantStateConflict fails the test unless err is ECONFLICT and, as state
// says, learning.StateConflict (the version changed: the engine reads
// again and retries) or not (a statement conflicts: retrying cannot help).
// The engine tells them apart by the error's sentinel, never its field or
// text.
func wantStateConflict(t testing.TB, err error, state bool) {
	t.Helper()
	wantCode(t, err, engine.ECONFLICT)
	sentinel := learning.ErrStateConflict
	if got := errors.Is(err, sentinel); got != state {
		t.Fatalf("%v: a learning.StateConflict is %v, want %v", err, got, state)
	}
}
