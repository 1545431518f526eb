package metrics_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/sdk/xapi"
)

func TestStores(t *testing.T) {
	m := metrics.New()
	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(t.TempDir(), "lode.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.Migrate(t.Context()))
	m.AddPool("database:sqlite", db.Stats)
	b := m.Backend(db)
	learners, progress, statements := b, b, b
	sessions := m.Sessions(inmem.NewSessionStore(t.Context()))

	must(t, learners.CreateLearner(t.Context(), &learning.Learner{ID: "ada"}))
	reg, err := progress.EnsureRegistration(t.Context(), &learning.Registration{LearnerID: "ada", ModuleID: "m1"})
	must(t, err)
	st := &learning.ObjectState{RegistrationID: reg.ID, ObjectID: "intro", State: json.RawMessage(`{}`)}
	must(t, progress.RecordInteraction(t.Context(), st, []xapi.Statement{statement(reg), statement(reg)}))
	stale := &learning.ObjectState{RegistrationID: reg.ID, ObjectID: "intro", State: json.RawMessage(`{}`)}
	if err := progress.RecordInteraction(t.Context(), stale, []xapi.Statement{statement(reg)}); engine.ErrorCode(err) != engine.ECONFLICT {
		t.Fatalf("stale write: got %v, want %s", err, engine.ECONFLICT)
	}
	must(t, statements.StoreStatements(t.Context(), []xapi.Statement{statement(reg)}))
	if _, err := sessions.Session(t.Context(), "gone"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("Session: got %v, want %s", err, engine.ENOTFOUND)
	}

	// The LRS's stores are timed too, under their own labels.
	must(t, b.Ping(t.Context()))
	if _, err := b.Client(t.Context(), "no-such-key"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("Client: got %v, want %s", err, engine.ENOTFOUND)
	}
	must(t, b.SetForwardTargets(t.Context(), nil))
	if _, err := b.Attachments(t.Context(), []string{"0"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.DocumentIDs(t.Context(), lrs.DocumentSet{Kind: lrs.StateDocument, ActivityID: "https://lode.example/a", Agent: "mbox:mailto:ada@lode.example"}); err != nil {
		t.Fatal(err)
	}

	got := scrape(t, m)
	for _, want := range []string{
		`lode_statements_stored_total 3`, // the conflicting write's statement is not
		`lode_store_call_duration_seconds_count{method="CreateLearner",store="learners"} 1`,
		`lode_store_call_duration_seconds_count{method="EnsureRegistration",store="progress"} 1`,
		`lode_store_call_duration_seconds_count{method="RecordInteraction",store="progress"} 2`,
		`lode_store_call_duration_seconds_count{method="StoreStatements",store="statements"} 1`,
		`lode_store_call_duration_seconds_count{method="Session",store="sessions"} 1`,
		`lode_store_call_errors_total{code="conflict",method="RecordInteraction",store="progress"} 1`,
		`lode_store_call_duration_seconds_count{method="Ping",store="database"} 1`,
		`lode_store_call_errors_total{code="not_found",method="Client",store="credentials"} 1`,
		`lode_store_call_duration_seconds_count{method="SetForwardTargets",store="outbox"} 1`,
		`lode_store_call_duration_seconds_count{method="Attachments",store="attachments"} 1`,
		`lode_store_call_duration_seconds_count{method="DocumentIDs",store="documents"} 1`,
		`lode_store_call_errors_total{code="not_found",method="Session",store="sessions"} 1`,
		`lode_pool_connections{pool="database:sqlite",state="in_use"} 0`,
		`lode_pool_max_connections{pool="database:sqlite"} 5`, // the writer and four readers
		`lode_pool_waits_total{pool="database:sqlite"}`,
		`lode_pool_wait_seconds_total{pool="database:sqlite"}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(got, `lode_store_call_errors_total{code="conflict",method="StoreStatements"`) {
		t.Error("a successful call was counted as an error")
	}
}

func statement(r *learning.Registration) xapi.Statement {
	now := time.Now()
	return xapi.Statement{ID: uuid.NewString(), Actor: xapi.Agent{Account: &xapi.Account{HomePage: "https://lode.example", Name: r.LearnerID}},
		Verb: xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/experienced"}, Object: xapi.Object{ID: "https://lode.example/modules/m1"},
		Context: &xapi.Context{Registration: r.ID}, Stored: &now}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
