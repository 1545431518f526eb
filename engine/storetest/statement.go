package storetest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

const home = "https://lode.example/"

// baseStatement returns a complete statement, as Lode's content types make
// them, with a fresh id, a fresh registration and stored now. Its extensions
// are raw JSON with keys out of order, which stores may reorder.
func baseStatement() xapi.Statement {
	at := now()
	yes, scaled := true, 0.8
	parent := xapi.Object{ObjectType: "Activity", ID: home + "modules/m-" + newID(),
		Definition: &xapi.ActivityDefinition{Name: map[string]string{"en": "Finding Grants"}}}
	return xapi.Statement{
		ID:    newID(),
		Actor: xapi.Agent{ObjectType: "Agent", Name: "Ada Reader", Account: &xapi.Account{HomePage: home, Name: "learner-" + newID()}},
		Verb:  xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered", Display: map[string]string{"en-US": "answered"}},
		Object: xapi.Object{ObjectType: "Activity", ID: parent.ID + "/objects/quiz-1", Definition: &xapi.ActivityDefinition{
			Name: map[string]string{"en": "Quiz 1"}, Type: "http://adlnet.gov/expapi/activities/cmi.interaction",
			InteractionType: "choice", CorrectResponsesPattern: []string{"b"},
			Choices: json.RawMessage(`[{"id":"a","description":{"en":"Yes"}}, {"id":"b","description":{"en":"No"}}]`),
		}},
		Result: &xapi.Result{Score: &xapi.Score{Scaled: &scaled}, Success: &yes, Completion: &yes, Response: "b",
			Extensions: json.RawMessage(`{"https://lode.example/x/z": 1,  "https://lode.example/x/a": {"b": 2, "a": [1, 2]}}`)},
		Context: &xapi.Context{Registration: newID(), Platform: "Lode", Language: "en",
			ContextActivities: &xapi.ContextActivities{Parent: []xapi.Object{parent}}},
		Timestamp: &at,
		Stored:    &at,
		Version:   string(xapi.V103),
	}
}

// newStatement returns a statement by r's learner about one of r's objects.
func newStatement(r *learning.Registration, objectID string) xapi.Statement {
	st := baseStatement()
	st.Actor.Account.Name = r.LearnerID
	st.Context.Registration = r.ID
	st.Context.ContextActivities.Parent[0].ID = home + "modules/" + r.ModuleID
	st.Object.ID = home + "modules/" + r.ModuleID + "/objects/" + objectID
	return st
}

func testStoreStatements(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("StoreAndGet", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b := baseStatement(), baseStatement()
		b.Actor = xapi.Agent{Mbox: "mailto:ada@library.example"}
		b.Result, b.Context, b.Timestamp = nil, nil, nil
		must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{a, b}))
		for _, want := range []xapi.Statement{a, b} {
			got, err := storedStatement(t, s, want.ID)
			must(t, err)
			sameJSON(t, "statement", want, got)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for _, id := range []string{newID(), "not-a-uuid"} {
			st, err := storedStatement(t, s, id)
			wantCode(t, err, engine.ENOTFOUND)
			if st != nil {
				t.Fatalf("got statement %+v with the error", st)
			}
		}
	})

	t.Run("Empty", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, s.Statements.StoreStatements(t.Context(), nil))
	})

	t.Run("IdempotentSameContent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := baseStatement()
		must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{st}))
		// A retry after a lost response: same statement, stored (and the
		// other properties the LRS sets) assigned anew.
		retry := st
		later := st.Stored.Add(time.Minute)
		retry.Stored = &later
		retry.Version = "1.0.0"
		retry.Authority = &xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: home, Name: "lrs-client"}}
		res := *st.Result
		res.Extensions = json.RawMessage(`{"https://lode.example/x/a":{"a":[1,2],"b":2},"https://lode.example/x/z":1}`)
		retry.Result = &res
		must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{retry, st}))
		got, err := storedStatement(t, s, st.ID)
		must(t, err)
		sameJSON(t, "statement", st, got)
		list, _, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: st.Context.Registration})
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("%d statements after storing one three times, want 1", len(list))
		}
	})

	t.Run("ConflictDifferentContent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := baseStatement()
		must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{st}))
		changed := st
		changed.Result = &xapi.Result{Response: "a"}
		fresh := baseStatement()
		fresh.Context.Registration = st.Context.Registration
		wantCode(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{fresh, changed}), engine.ECONFLICT)
		got, err := storedStatement(t, s, st.ID)
		must(t, err)
		sameJSON(t, "statement", st, got)
		_, err = storedStatement(t, s, fresh.ID)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("DuplicateInBatch", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := baseStatement()
		must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{st, st}))
		list, _, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: st.Context.Registration})
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("%d statements stored, want 1", len(list))
		}
	})

	t.Run("ConflictInBatch", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := baseStatement()
		changed := st
		changed.Verb = xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/failed"}
		wantCode(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{st, changed}), engine.ECONFLICT)
		_, err := storedStatement(t, s, st.ID)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("LargeBatch", func(t *testing.T) { testLargeBatch(t, open) })

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		noID, noStored, badID, badReg := baseStatement(), baseStatement(), baseStatement(), baseStatement()
		noID.ID = ""
		noStored.Stored = nil
		badID.ID = "42"
		badReg.Context.Registration = "not-a-uuid"
		for _, st := range []xapi.Statement{noID, noStored, badID, badReg} {
			ok := baseStatement()
			wantCode(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{ok, st}), engine.EINVALID)
			_, err := storedStatement(t, s, ok.ID)
			wantCode(t, err, engine.ENOTFOUND)
		}
	})
}

// batchOf returns n statements of one registration, all stored at the same
// instant, so that only the order of the batch orders them.
func batchOf(n int) []xapi.Statement {
	reg, at := newID(), now()
	out := make([]xapi.Statement, n)
	for i := range out {
		out[i] = baseStatement()
		out[i].Context.Registration = reg
		out[i].Stored = &at
	}
	return out
}

// testLargeBatch stores batches of the size LRS clients send, which a
// store may write another way than a few statements (PostgreSQL: COPY).
func testLargeBatch(t *testing.T, open func(t *testing.T) Stores) {
	const n = 50
	t.Run("KeepsOrderAndSkipsDuplicates", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		batch := batchOf(n)
		mustStore(t, s, batch[7]) // stored before, by an earlier request
		retry := batch[7]
		later := retry.Stored.Add(time.Minute)
		retry.Stored = &later
		withDup := append(slices.Clone(batch), batch[3]) // and twice in the batch
		withDup[7] = retry
		mustStore(t, s, withDup...)
		f := lrs.StatementFilter{Registration: batch[0].Context.Registration, Ascending: true, Limit: 2 * n}
		got, _, err := s.Statements.Statements(t.Context(), f)
		must(t, err)
		// batch[7] was stored first, at the same instant as the others.
		want := append([]xapi.Statement{batch[7]}, slices.Delete(slices.Clone(batch), 7, 8)...)
		sameIDs(t, got, want...)
	})

	t.Run("ConflictStoresNothing", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		old := baseStatement()
		mustStore(t, s, old)
		batch := batchOf(n)
		changed := old
		changed.Verb = xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/failed"}
		batch[n-1] = changed
		wantCode(t, s.Statements.StoreStatements(t.Context(), batch), engine.ECONFLICT)
		wantIDs(t, s, lrs.StatementFilter{Registration: batch[0].Context.Registration})
	})

	t.Run("Voiding", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		stored, late := baseStatement(), baseStatement()
		mustStore(t, s, stored, voiding(late.ID))
		batch := batchOf(n)
		batch[10] = voiding(stored.ID)    // a statement stored earlier
		batch[20] = voiding(batch[30].ID) // a later one in the batch
		batch[40] = late                  // voided before it arrives
		mustStore(t, s, batch...)
		for _, id := range []string{stored.ID, batch[30].ID, late.ID} {
			wantVoided(t, s, id, true)
		}
		for _, i := range []int{0, 10, 20, 49} {
			wantVoided(t, s, batch[i].ID, false)
		}
	})
}
