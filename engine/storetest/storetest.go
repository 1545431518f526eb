// Package storetest is the contract every storage adapter of the engine must
// meet: one suite of tests, run by each adapter's own tests against a real
// database (SQLite file, PostgreSQL, Redis, the in-process map). Subtests are
// named after the behaviour they check.
//
// The suite assumes the store may be shared with other tests running at the
// same time: every subtest makes its own learners, registrations, agents, verbs
// and activities, and filters on them.
package storetest

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
)

// Stores bundles the durable stores an adapter provides.
type Stores struct {
	Learners   learning.LearnerStore
	Accounts   learning.AccountStore
	Progress   learning.ProgressStore
	Statements lrs.StatementStore
	// Certificates of completion (storetest/certificate.go).
	Certificates credential.Store
	// The LRS's clients and forwarding outbox (storetest/credentials.go,
	// outbox.go).
	Credentials lrs.CredentialStore
	Outbox      lrs.OutboxStore
	// The LRS's document resources and what statements say about
	// activities and agents (storetest/documents.go).
	Documents   lrs.DocumentStore
	Definitions lrs.DefinitionStore
	// The content of statement attachments (storetest/lrs.go).
	Attachments lrs.AttachmentStore
	// Erasure and retention (storetest/erase.go), with the adapter's own
	// look into every table.
	Privacy learning.PrivacyStore
	Holding Holding
}

// TestStores runs the contract of LearnerStore, ProgressStore and
// StatementStore. open is called once per subtest and returns stores ready to
// use; it registers its own cleanup with t.
func TestStores(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("Learners", func(t *testing.T) { testLearners(t, open) })
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, open) })
	t.Run("Registrations", func(t *testing.T) { testRegistrations(t, open) })
	t.Run("RegistrationEnds", func(t *testing.T) { testRegistrationEnds(t, open) })
	t.Run("ObjectStates", func(t *testing.T) { testObjectStates(t, open) })
	t.Run("RecordInteraction", func(t *testing.T) { testRecordInteraction(t, open) })
	t.Run("Certificates", func(t *testing.T) { testCertificates(t, open) })
	t.Run("StoreStatements", func(t *testing.T) { testStoreStatements(t, open) })
	t.Run("QueryStatements", func(t *testing.T) { testQueryStatements(t, open) })
	t.Run("StatementDocs", func(t *testing.T) { testStatementDocs(t, open) })
	t.Run("PageStatements", func(t *testing.T) { testPageStatements(t, open) })
	t.Run("LRSStatements", func(t *testing.T) { testLRSStatements(t, open) })
	t.Run("LRSClientsAndOutbox", func(t *testing.T) { testLRSClientsAndOutbox(t, open) })
	t.Run("Documents", func(t *testing.T) { testDocuments(t, open) })
	t.Run("Limits", func(t *testing.T) { testLimits(t, open) })
	t.Run("Erasure", func(t *testing.T) { testErasure(t, open) })
}

// wantCode fails the test unless err is an *engine.Error with the given code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	var e *engine.Error
	switch {
	case err == nil:
		t.Fatalf("got no error, want %s", code)
	case !errors.As(err, &e):
		t.Fatalf("got %T %v, want an *engine.Error with code %s", err, err, code)
	case e.Code != code:
		t.Fatalf("got code %s (%v), want %s", e.Code, err, code)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sameJSON fails the test unless want and got encode to the same JSON value;
// key order and whitespace inside raw JSON do not matter.
func sameJSON(t testing.TB, what string, want, got any) {
	t.Helper()
	if w, g := jsonValue(t, want), jsonValue(t, got); !reflect.DeepEqual(w, g) {
		wb, _ := json.Marshal(want)
		gb, _ := json.Marshal(got)
		t.Fatalf("%s:\n got %s\nwant %s", what, gb, wb)
	}
}

func jsonValue(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	var out any
	must(t, json.Unmarshal(b, &out))
	return out
}

// now is the current time at millisecond precision, which every store keeps.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

func newID() string { return uuid.NewString() }

// mustLearner stores a new learner with a random id.
func mustLearner(t testing.TB, s Stores) *learning.Learner {
	t.Helper()
	l := &learning.Learner{ID: "learner-" + newID(), Name: "Ada Reader", Email: "ada@library.example"}
	must(t, s.Learners.CreateLearner(t.Context(), l))
	return l
}

// mustRegistration stores a new learner and registers them for a new module.
func mustRegistration(t testing.TB, s Stores) *learning.Registration {
	t.Helper()
	l := mustLearner(t, s)
	r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
		ID: newID(), LearnerID: l.ID, ModuleID: "module-" + newID(),
	})
	must(t, err)
	return r
}
