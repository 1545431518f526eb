package learning_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Lode's own statements (content types' drafts completed by the engine and
// the module's completion) are stored by RecordInteraction, not through
// /xapi: they must pass the same parsing and validation as a client's, and
// be readable through the LRS.
func TestEngineStatementsAreValidLRSStatements(t *testing.T) {
	f := MustDelivery(t)
	f.ping(t, "a")
	out := f.ping(t, "b")
	if !out.ModuleCompleted {
		t.Fatal("the module did not complete")
	}
	reg := out.Progress.Registration.ID
	stmts := f.statements(t, reg)
	if len(stmts) < 5 {
		t.Fatalf("%d statements stored, want at least 5 (two per object, one for the module)", len(stmts))
	}
	for _, st := range stmts {
		if st.Authority == nil || st.Authority.IFI() == "" {
			t.Errorf("statement %s has no authority", st.ID)
		}
		raw, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []xapi.Version{xapi.V103, xapi.V200} {
			if _, err := xapi.ParseStatement(raw, v); err != nil {
				t.Errorf("statement %s (%s) is refused in %s: %v\n%s", st.ID, st.Verb.ID, v, err, raw)
			}
		}
	}

	svc := &lrs.Service{Statements: f.db, Attachments: f.db, BaseURL: "https://lode.test"}
	actor := f.d.Actor(f.learner)
	got, _, err := svc.Query(context.Background(), lrs.Trusted(), lrs.StatementFilter{Agent: actor.IFI(), Ascending: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(stmts) {
		t.Fatalf("the LRS lists %d statements for the learner, want %d", len(got), len(stmts))
	}
	one, err := svc.Statement(context.Background(), lrs.Trusted(), stmts[0].ID, false)
	if err != nil || one.ID != stmts[0].ID {
		t.Fatalf("statementId %s: %v", stmts[0].ID, err)
	}
}
