package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// learnersCLI runs `lode learners ARGS` in process on the SQLite database
// of dir and returns what it printed.
func learnersCLI(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	return runOnDir(t, dir, []string{"learners", args[0]}, args[1:])
}

// mustLearnerDB opens (creating and migrating) the SQLite database at path.
func mustLearnerDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}

// mustPatron stores a learner who gave a name and email, with a
// registration and a statement as Lode makes them on base.
func mustPatron(t *testing.T, db *sqlite.DB, base, id, email string, created time.Time) *learning.Learner {
	t.Helper()
	ctx := t.Context()
	l := &learning.Learner{ID: id, Name: "Pat Patron", Email: email, CreatedAt: created}
	if err := db.CreateLearner(ctx, l); err != nil {
		t.Fatal(err)
	}
	r, err := db.EnsureRegistration(ctx, &learning.Registration{LearnerID: l.ID, ModuleID: "m1", StartedAt: created})
	if err != nil {
		t.Fatal(err)
	}
	d := &learning.Delivery{BaseURL: base}
	at := created
	st := xapi.Statement{ID: "6f1d4c55-3b0e-4c57-9f1a-" + id[len(id)-12:], Actor: d.Actor(l), Stored: &at, Timestamp: &at, Version: "1.0.0",
		Verb:    xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/experienced", Display: map[string]string{"en-US": "experienced"}},
		Object:  xapi.Object{ObjectType: "Activity", ID: base + "/modules/m1"},
		Context: &xapi.Context{Registration: r.ID}}
	if err := db.StoreStatements(ctx, []xapi.Statement{st}); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLearnersCLI(t *testing.T) {
	dir := t.TempDir()
	db := mustLearnerDB(t, filepath.Join(dir, "lode.db"))
	base := publicURL(config.Default(), config.Default().Addr) // as the command works it out
	pat := mustPatron(t, db, base, "patron-000000000001", "pat@library.example", time.Now())

	t.Run("ExportByEmail", func(t *testing.T) {
		out, err := learnersCLI(t, dir, "export", "-email", "PAT@library.example")
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Profile       struct{ ID, Email string }
			Registrations []json.RawMessage
			Statements    []xapi.Statement
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("export is not JSON (%v):\n%s", err, out)
		}
		if doc.Profile.ID != pat.ID || doc.Profile.Email != pat.Email || len(doc.Registrations) != 1 || len(doc.Statements) != 1 {
			t.Fatalf("export:\n%s", out)
		}
	})
	t.Run("EraseWithoutYesErasesNothing", func(t *testing.T) {
		out, err := learnersCLI(t, dir, "erase", "-id", pat.ID)
		if err == nil || !strings.Contains(err.Error(), "-yes") || !strings.Contains(out, "1 registrations, 1 statements") {
			t.Fatalf("erase without -yes: %q, %v", out, err)
		}
		if _, err := db.Learner(t.Context(), pat.ID); err != nil {
			t.Fatalf("the learner: %v", err)
		}
	})
	t.Run("BadArguments", func(t *testing.T) {
		mustPatron(t, db, base, "patron-000000000002", "family@library.example", time.Now())
		mustPatron(t, db, base, "patron-000000000003", "family@library.example", time.Now())
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"erase"}, "one of the two"},
			{[]string{"erase", "-id", "x", "-email", "y@library.example"}, "one of the two"},
			{[]string{"export", "-id", pat.ID, "-yes"}, "-yes is for erase"},
			{[]string{"export", "-email", "nobody@library.example"}, "no learner gave"},
			{[]string{"erase", "-email", "family@library.example", "-yes"}, "patron-000000000002, patron-000000000003"},
			{[]string{"erase", "-id", "no-such-learner", "-yes"}, "not found"},
		} {
			if _, err := learnersCLI(t, dir, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v: %v, want an error saying %q", tc.args, err, tc.want)
			}
		}
	})
	t.Run("Erase", func(t *testing.T) {
		out, err := learnersCLI(t, dir, "erase", "-email", pat.Email, "-yes")
		if err != nil || !strings.Contains(out, "erased learner "+pat.ID+": 1 registrations, 0 object states, 1 statements") {
			t.Fatalf("erase: %q, %v", out, err)
		}
		if _, err := db.Learner(t.Context(), pat.ID); engine.ErrorCode(err) != engine.ENOTFOUND {
			t.Fatalf("the learner after erase: %v", err)
		}
		if _, err := learnersCLI(t, dir, "export", "-email", pat.Email); err == nil || !strings.Contains(err.Error(), "no learner gave") {
			t.Fatalf("export after erase: %v", err)
		}
	})
}

// TestRetentionSweep: a server started on a database holding an
// anonymous learner inactive for longer than anonymous_retention erases
// them, and keeps one who gave an email and one seen recently.
func TestRetentionSweep(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lode.db")
	db := mustLearnerDB(t, path)
	long := time.Now().Add(-200 * 24 * time.Hour)
	forgotten := &learning.Learner{ID: "forgotten-learner", CreatedAt: long}
	recent := &learning.Learner{ID: "recent-learner"}
	for _, l := range []*learning.Learner{forgotten, recent} {
		if err := db.CreateLearner(t.Context(), l); err != nil {
			t.Fatal(err)
		}
	}
	kept := mustPatron(t, db, "http://localhost", "patron-000000000009", "kept@library.example", long)
	s := mustServe(t, func(c *config.Config) { c.DatabaseURL = "sqlite:" + path })
	waitFor(t, 10*time.Second, "the retention sweep to erase the inactive learner", func() bool {
		_, err := db.Learner(context.Background(), forgotten.ID)
		return engine.ErrorCode(err) == engine.ENOTFOUND
	})
	for _, l := range []*learning.Learner{recent, kept} {
		if _, err := db.Learner(t.Context(), l.ID); err != nil {
			t.Errorf("learner %s: %v", l.ID, err)
		}
	}
	waitFor(t, 5*time.Second, "the sweep's log line", func() bool { return strings.Contains(s.log.String(), "erased=1") })
}
