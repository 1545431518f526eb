package postgres

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/faulttest"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlstore"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// openThroughProxy returns the package's test database twice: direct, and
// through a proxy that can cut every connection of db.
func openThroughProxy(t *testing.T) (direct, db *DB, p *faulttest.Proxy) {
	direct = MustOpenDB(t)
	u, err := url.Parse(mustTestURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p = faulttest.StartProxy(t, u.Host)
	u.Host = p.Addr
	db, err = Open(t.Context(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return direct, db, p
}

// retryUnavailable calls call until it succeeds, for up to 10 s while it
// fails with EUNAVAILABLE (the database coming back), and fails the test
// with what otherwise.
func retryUnavailable(t *testing.T, what string, call func() error) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		err := call()
		if err == nil {
			return
		}
		if engine.ErrorCode(err) != engine.EUNAVAILABLE || time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		<-time.After(20 * time.Millisecond)
	}
}

// holdStatement stores st in a transaction it leaves open (rolled back
// when the test ends), so that another writer of st's id waits for it.
func holdStatement(t *testing.T, db *DB, st xapi.Statement) *sqlx.Tx {
	tx, err := db.db.BeginTxx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	pend, err := sqlstore.PendingStatements([]xapi.Statement{st})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.storeStatements(t.Context(), tx, pend); err != nil {
		t.Fatal(err)
	}
	return tx
}

// storeWaitingOnLock starts db.StoreStatements of batch, large enough for
// COPY, and returns once its COPY waits for a lock (holdStatement), as
// watched through direct; the channel gets StoreStatements' error.
func storeWaitingOnLock(t *testing.T, direct, db *DB, batch []xapi.Statement) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- db.StoreStatements(t.Context(), batch) }()
	waitFor(t, direct, `SELECT count(*) = 1 FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'COPY statements%'`)
	return errc
}

// A database restart must surface as EUNAVAILABLE, store nothing half-way,
// and heal once the database is back.
func TestDatabaseRestart(t *testing.T) {
	direct, db, p := openThroughProxy(t)

	l := &learning.Learner{ID: "learner-" + uuid.NewString()}
	if err := db.CreateLearner(t.Context(), l); err != nil {
		t.Fatal(err)
	}
	r, err := db.EnsureRegistration(t.Context(), &learning.Registration{LearnerID: l.ID, ModuleID: "m"})
	if err != nil {
		t.Fatal(err)
	}

	p.Stop()
	stored := time.Now()
	st := xapi.Statement{ID: uuid.NewString(), Actor: xapi.Agent{Mbox: "mailto:a@b.org"},
		Verb: xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered"}, Object: xapi.Object{ID: "https://lode.example/q"},
		Context: &xapi.Context{Registration: r.ID}, Stored: &stored}
	state := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "quiz", State: json.RawMessage(`{}`)}
	for name, call := range map[string]func() error{
		"RecordInteraction": func() error { return db.RecordInteraction(t.Context(), state, []xapi.Statement{st}) },
		"StoreStatements":   func() error { return db.StoreStatements(t.Context(), []xapi.Statement{st}) },
		"Learner":           func() error { _, err := db.Learner(t.Context(), l.ID); return err },
		"Statements": func() error {
			_, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: r.ID})
			return err
		},
	} {
		if code := engine.ErrorCode(call()); code != engine.EUNAVAILABLE {
			t.Fatalf("%s while the database is down: got code %q, want %s", name, code, engine.EUNAVAILABLE)
		}
	}
	if state.Version != 0 {
		t.Fatalf("state version %d after a failed write, want 0", state.Version)
	}
	if _, err := direct.StatementByID(t.Context(), st.ID, false); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("statement after failed writes: got %v, want it absent", err)
	}

	p.Start(t)
	retryUnavailable(t, "RecordInteraction after the restart", func() error { return db.RecordInteraction(t.Context(), state, []xapi.Statement{st}) })
	if _, err := direct.StatementByID(t.Context(), st.ID, false); err != nil {
		t.Fatal(err)
	}
}

// A connection lost in the middle of RecordInteraction, after the state is
// updated and while the statements wait for a lock, must leave neither.
func TestConnectionLostMidTransaction(t *testing.T) {
	direct, db, p := openThroughProxy(t)
	l := &learning.Learner{ID: "learner-" + uuid.NewString()}
	if err := db.CreateLearner(t.Context(), l); err != nil {
		t.Fatal(err)
	}
	r, err := db.EnsureRegistration(t.Context(), &learning.Registration{LearnerID: l.ID, ModuleID: "m"})
	if err != nil {
		t.Fatal(err)
	}
	state := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "quiz", State: json.RawMessage(`{"try":1}`)}
	if err := db.RecordInteraction(t.Context(), state, nil); err != nil {
		t.Fatal(err)
	}

	// Another transaction holds the statement's id, uncommitted.
	stored := time.Now()
	st := xapi.Statement{ID: uuid.NewString(), Actor: xapi.Agent{Mbox: "mailto:a@b.org"},
		Verb: xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered"}, Object: xapi.Object{ID: "https://lode.example/q"},
		Context: &xapi.Context{Registration: r.ID}, Stored: &stored}
	blocker := holdStatement(t, direct, st)

	errc := make(chan error, 1)
	next := *state
	next.State = json.RawMessage(`{"try":2}`)
	go func() { errc <- db.RecordInteraction(t.Context(), &next, []xapi.Statement{st}) }()
	waitFor(t, direct, `SELECT count(*) = 1 FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO statements%'`)
	p.Stop()
	if code := engine.ErrorCode(<-errc); code != engine.EUNAVAILABLE {
		t.Fatalf("RecordInteraction with its connection lost: got code %q, want %s", code, engine.EUNAVAILABLE)
	}
	if err := blocker.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, direct, `SELECT count(*) = 0 FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'INSERT INTO statements%' AND pid <> pg_backend_pid()`)

	states, err := direct.ObjectStates(t.Context(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 1 {
		t.Fatalf("%d object states, want the one of quiz", len(states))
	}
	if got := states[0]; got.Version != 1 || string(got.State) != `{"try":1}` {
		t.Fatalf("state %s at version %d, want the first one, {\"try\":1} at 1", got.State, got.Version)
	}
	if _, err := direct.StatementByID(t.Context(), st.ID, false); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("statement: got %v, want it absent", err)
	}
}

// waitFor polls until the query returns true.
func waitFor(t *testing.T, db *DB, q string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		var ok bool
		if err := db.db.GetContext(t.Context(), &ok, q); err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still false after 10s: %s", q)
		}
		<-time.After(10 * time.Millisecond)
	}
}

func TestOpenUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = Open(t.Context(), "postgres://postgres@"+addr+"/lode?sslmode=disable&connect_timeout=5")
	if engine.ErrorCode(err) != engine.EUNAVAILABLE {
		t.Fatalf("got %v, want %s", err, engine.EUNAVAILABLE)
	}
}

func TestStatementIndexes(t *testing.T) {
	db := MustOpenDB(t)
	target := xapi.Statement{ID: uuid.NewString(), Actor: xapi.Agent{Mbox: "mailto:a@b.org"},
		Verb: xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered"}, Object: xapi.Object{ID: "https://lode.example/q"},
		Context: &xapi.Context{ContextActivities: &xapi.ContextActivities{
			Parent:   []xapi.Object{{ID: "https://lode.example/m"}},
			Grouping: []xapi.Object{{ID: "https://lode.example/m"}, {ID: "https://lode.example/course"}},
		}}}
	voiding := xapi.Statement{ID: uuid.NewString(), Actor: target.Actor,
		Verb: xapi.Verb{ID: voidedVerb}, Object: xapi.Object{ObjectType: "StatementRef", ID: target.ID}}
	now := time.Now()
	target.Stored, voiding.Stored = &now, &now
	if err := db.StoreStatements(t.Context(), []xapi.Statement{target, voiding}); err != nil {
		t.Fatal(err)
	}

	t.Run("RelatedActivities", func(t *testing.T) {
		var got pq.StringArray
		const q = `SELECT activities FROM statements WHERE id = $1`
		if err := db.db.GetContext(t.Context(), &got, q, target.ID); err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		if want := []string{"https://lode.example/course", "https://lode.example/m", "https://lode.example/q"}; !slices.Equal(got, want) {
			t.Fatalf("related activities %v, want %v", got, want)
		}
	})

	t.Run("Agents", func(t *testing.T) {
		// The actor is actor_ifi, in neither column; the other direct agents
		// are in agents, the rest in related_agents with their relation.
		st := xapi.Statement{ID: uuid.NewString(), Actor: xapi.Agent{ObjectType: "Group", Mbox: "mailto:team@b.org",
			Member: []xapi.Agent{{Mbox: "mailto:a@b.org"}}},
			Verb: xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/mentored"}, Object: xapi.Object{ObjectType: "Agent", Mbox: "mailto:c@b.org"},
			Context:   &xapi.Context{Instructor: &xapi.Agent{Mbox: "mailto:i@b.org"}},
			Authority: &xapi.Agent{Account: &xapi.Account{HomePage: "https://lode.example", Name: "client"}}, Stored: &now}
		if err := db.StoreStatements(t.Context(), []xapi.Statement{st}); err != nil {
			t.Fatal(err)
		}
		var row struct {
			Agents  pq.StringArray `db:"agents"`
			Related pq.StringArray `db:"related_agents"`
		}
		if err := db.db.GetContext(t.Context(), &row, `SELECT agents, related_agents FROM statements WHERE id = $1`, st.ID); err != nil {
			t.Fatal(err)
		}
		slices.Sort(row.Agents)
		slices.Sort(row.Related)
		if want := []string{"mbox::mailto:a@b.org", "mbox::mailto:c@b.org"}; !slices.Equal(row.Agents, want) {
			t.Errorf("agents %q, want %q", row.Agents, want)
		}
		if want := []string{"a:account::https://lode.example|client", "r:mbox::mailto:i@b.org"}; !slices.Equal(row.Related, want) {
			t.Errorf("related_agents %q, want %q", row.Related, want)
		}
	})

	t.Run("Voided", func(t *testing.T) {
		var voided []string
		const q = `SELECT id FROM statements WHERE voided AND id = ANY(ARRAY[$1, $2]::uuid[])`
		if err := db.db.SelectContext(t.Context(), &voided, q, target.ID, voiding.ID); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(voided, []string{target.ID}) {
			t.Fatalf("voided statements %v, want only %s", voided, target.ID)
		}
	})

	t.Run("StoredToTheMicrosecond", func(t *testing.T) {
		got, err := db.StatementByID(t.Context(), target.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if want := now.Truncate(time.Microsecond); !got.Stored.Equal(want) {
			t.Fatalf("stored %v, want %v", got.Stored, want)
		}
	})
}

// TestCopyRacesAnotherWriter has a batch large enough for COPY include a
// statement that another transaction is storing, uncommitted, when the
// batch checks which ids are taken: the COPY waits, fails on the id once
// the other commits, and the batch is stored by INSERT instead, whole.
func TestCopyRacesAnotherWriter(t *testing.T) {
	db := MustOpenDB(t)
	batch := lodeStatements(copyMin*2, "learner-race", uuid.NewString(), "m", "o", "race")
	blocker := holdStatement(t, db, batch[5])
	errc := storeWaitingOnLock(t, db, db, batch)
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("StoreStatements racing another writer: %v", err)
	}
	got, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: batch[0].Context.Registration, Ascending: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(batch) {
		t.Fatalf("%d statements stored, want %d", len(got), len(batch))
	}
}

// A connection lost in the middle of a COPY (here while it waits for a
// lock another transaction holds on one of its ids) fails the batch with
// EUNAVAILABLE and stores none of it; once the database is reachable
// again, the same batch is stored whole, on new connections that prepare
// their statements again.
func TestConnectionLostMidCopy(t *testing.T) {
	direct, db, p := openThroughProxy(t)
	// Warm the pool, and prepare the check of stored ids on it.
	if err := db.StoreStatements(t.Context(), lodeStatements(copyMin, "learner-warm", uuid.NewString(), "m", "o", "warm")); err != nil {
		t.Fatal(err)
	}

	batch := lodeStatements(copyMin*2, "learner-lost", uuid.NewString(), "m", "o", "lost")
	blocker := holdStatement(t, direct, batch[7])
	errc := storeWaitingOnLock(t, direct, db, batch)
	p.Stop()
	if code := engine.ErrorCode(<-errc); code != engine.EUNAVAILABLE {
		t.Fatalf("StoreStatements with its connection lost mid-COPY: got code %q, want %s", code, engine.EUNAVAILABLE)
	}
	if err := blocker.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, direct, `SELECT count(*) = 0 FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'COPY statements%' AND pid <> pg_backend_pid()`)
	f := lrs.StatementFilter{Registration: batch[0].Context.Registration}
	if got, _, err := direct.Statements(t.Context(), f); err != nil || len(got) != 0 {
		t.Fatalf("after the lost COPY: %d statements stored (%v), want none", len(got), err)
	}

	p.Start(t)
	retryUnavailable(t, "StoreStatements after the restart", func() error { return db.StoreStatements(t.Context(), batch) })
	f.Limit = 100
	if got, _, err := direct.Statements(t.Context(), f); err != nil || len(got) != len(batch) {
		t.Fatalf("after the restart: %d statements stored (%v), want %d", len(got), err, len(batch))
	}
}

// Transactions run their queries unprepared, so none needs a second
// connection to prepare one: with every connection held by a transaction
// (here the only one), preparing would wait for a connection that never
// comes free.
func TestTransactionsWithThePoolExhausted(t *testing.T) {
	db := MustOpenDB(t)
	db.db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	batch := lodeStatements(copyMin, "learner-pool", uuid.NewString(), "m", "o", "pool")
	if err := db.StoreStatements(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Statements(ctx, lrs.StatementFilter{Registration: batch[0].Context.Registration}); err != nil {
		t.Fatal(err)
	}
}

// The one-row INSERT, prepared at Open, is prepared again on the
// connections opened after a restart.
func TestPreparedAcrossRestart(t *testing.T) {
	direct, db, p := openThroughProxy(t)
	if db.insertOne == nil {
		t.Fatal("Open of a migrated database did not prepare the INSERT")
	}
	one := func() []xapi.Statement {
		return lodeStatements(1, "learner-restart", uuid.NewString(), "m", "o", "restart")
	}
	if err := db.StoreStatements(t.Context(), one()); err != nil {
		t.Fatal(err)
	}
	p.Stop()
	if code := engine.ErrorCode(db.StoreStatements(t.Context(), one())); code != engine.EUNAVAILABLE {
		t.Fatalf("StoreStatements while the database is down: got code %q, want %s", code, engine.EUNAVAILABLE)
	}
	p.Start(t)
	st := one()
	retryUnavailable(t, "StoreStatements after the restart", func() error { return db.StoreStatements(t.Context(), st) })
	if _, err := direct.StatementByID(t.Context(), st[0].ID, false); err != nil {
		t.Fatal(err)
	}
}

// lib/pq reports a connection that ends after a statement was sent as
// driver.ErrBadConn, and database/sql then runs the statement again on
// another connection. A learner created by the first run must not make the
// second fail with ECONFLICT: a crawler-free first page view answered 409.
func TestCreateLearnerWhoseReplyWasLost(t *testing.T) {
	_, db, p := openThroughProxy(t)
	if err := db.Ping(t.Context()); err != nil { // a connection in the pool
		t.Fatal(err)
	}
	l := &learning.Learner{ID: "learner-" + uuid.NewString(), Name: "Ada"}
	p.CutAtNextReply()
	if err := db.CreateLearner(t.Context(), l); err != nil {
		t.Fatalf("CreateLearner after its reply was lost: %v", err)
	}
	got, err := db.Learner(t.Context(), l.ID)
	if err != nil || got.Name != "Ada" {
		t.Fatalf("the learner reads back as %+v, %v", got, err)
	}
	other := &learning.Learner{ID: l.ID, Name: "Someone else"}
	if err := db.CreateLearner(t.Context(), other); engine.ErrorCode(err) != engine.ECONFLICT {
		t.Fatalf("a second learner with the same id: %v, want ECONFLICT", err)
	}
}
