package storetest

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// testLimits runs the contract for oversized input (the domain's limits,
// learning.MaxStateBytes and lrs.MaxStatementBytes): EINVALID with a
// message that names the field and the limit, and nothing of the write
// stored. Input at the limit is stored.
func testLimits(t *testing.T, open func(t *testing.T) Stores) {
	l := struct{ StateBytes, StatementBytes int }{learning.MaxStateBytes, lrs.MaxStatementBytes}
	t.Run("StateAtLimit", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "page-1", State: jsonOfSize(l.StateBytes)}
		must(t, s.Progress.RecordInteraction(t.Context(), st, nil))
		got, err := objectState(t, s, r.ID, "page-1")
		must(t, err)
		if len(got.State) != l.StateBytes {
			t.Fatalf("stored state is %d bytes, want %d", len(got.State), l.StateBytes)
		}
	})

	t.Run("StateTooLarge", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		stmt := newStatement(r, "page-1")
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "page-1", State: jsonOfSize(l.StateBytes + 1)}
		err := s.Progress.RecordInteraction(t.Context(), st, []xapi.Statement{stmt})
		wantProblem(t, err, "state", l.StateBytes)
		_, err = objectState(t, s, r.ID, "page-1")
		wantCode(t, err, engine.ENOTFOUND)
		_, err = storedStatement(t, s, stmt.ID)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("StatementTooLarge", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustRegistration(t, s)
		ok, big := newStatement(r, "page-1"), newStatement(r, "page-1")
		big.Result = &xapi.Result{Response: strings.Repeat("x", l.StatementBytes)}
		wantProblem(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{ok, big}), "statements[1]", l.StatementBytes)
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "page-1", State: json.RawMessage(`{}`)}
		wantProblem(t, s.Progress.RecordInteraction(t.Context(), st, []xapi.Statement{ok, big}), "statements[1]", l.StatementBytes)
		_, err := storedStatement(t, s, ok.ID)
		wantCode(t, err, engine.ENOTFOUND)
		_, err = objectState(t, s, r.ID, "page-1")
		wantCode(t, err, engine.ENOTFOUND)
	})
}

// jsonOfSize returns a JSON object of exactly n bytes (n >= 8).
func jsonOfSize(n int) json.RawMessage {
	return json.RawMessage(`{"s":"` + strings.Repeat("x", n-8) + `"}`)
}

// wantProblem fails the test unless err is EINVALID and its message names
// the field and the limit, so that the person reading it knows what to fix.
func wantProblem(t testing.TB, err error, field string, limit int) {
	t.Helper()
	wantCode(t, err, engine.EINVALID)
	msg := engine.ErrorMessage(err)
	if !strings.HasPrefix(msg, field+":") || !strings.Contains(msg, strconv.Itoa(limit)) {
		t.Fatalf("message %q should name %s and the limit, %d", msg, field, limit)
	}
}
