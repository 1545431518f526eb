package storetest

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

func testQueryStatements(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("ByAgent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mbox := xapi.Agent{Mbox: "mailto:" + newID() + "@library.example"}
		a, b, other := baseStatement(), baseStatement(), baseStatement()
		a.Actor, b.Actor = mbox, mbox
		mustStore(t, s, a, b, other)
		wantIDs(t, s, lrs.StatementFilter{Agent: mbox.IFI(), Ascending: true}, a, b)
		wantIDs(t, s, lrs.StatementFilter{Agent: other.Actor.IFI()}, other)
	})

	t.Run("ByVerb", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		verb := xapi.Verb{ID: home + "verbs/" + newID()}
		a, b, other := baseStatement(), baseStatement(), baseStatement()
		a.Verb, b.Verb = verb, verb
		mustStore(t, s, a, b, other)
		wantIDs(t, s, lrs.StatementFilter{Verb: verb.ID, Ascending: true}, a, b)
	})

	t.Run("ByActivity", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		object, inContext := baseStatement(), baseStatement()
		inContext.Context.ContextActivities.Parent = []xapi.Object{{ID: object.Object.ID}}
		mustStore(t, s, object, inContext)
		// Without related_activities, xAPI matches the statement's object only.
		wantIDs(t, s, lrs.StatementFilter{Activity: object.Object.ID}, object)
	})

	t.Run("ByRegistration", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b, other := baseStatement(), baseStatement(), baseStatement()
		b.Context.Registration = a.Context.Registration
		mustStore(t, s, a, b, other)
		wantIDs(t, s, lrs.StatementFilter{Registration: a.Context.Registration, Ascending: true}, a, b)
	})

	t.Run("SinceExclusiveUntilInclusive", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := inRegistration(5, time.Second)
		mustStore(t, s, st...)
		reg, at := st[0].Context.Registration, func(i int) *time.Time { return st[i].Stored }
		wantIDs(t, s, lrs.StatementFilter{Registration: reg, Since: at(1), Ascending: true}, st[2:]...)
		wantIDs(t, s, lrs.StatementFilter{Registration: reg, Until: at(3), Ascending: true}, st[:4]...)
		wantIDs(t, s, lrs.StatementFilter{Registration: reg, Since: at(1), Until: at(3), Ascending: true}, st[2:4]...)
		between := at(1).Add(time.Millisecond)
		wantIDs(t, s, lrs.StatementFilter{Registration: reg, Since: &between, Until: &between})
	})

	t.Run("Combined", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		verb := xapi.Verb{ID: home + "verbs/" + newID()}
		match, otherVerb, otherAgent := baseStatement(), baseStatement(), baseStatement()
		otherVerb.Actor = match.Actor
		match.Verb, otherAgent.Verb = verb, verb
		mustStore(t, s, match, otherVerb, otherAgent)
		wantIDs(t, s, lrs.StatementFilter{Agent: match.Actor.IFI(), Verb: verb.ID}, match)
	})

	t.Run("NewestFirstUnlessAscending", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := inRegistration(3, time.Millisecond)
		mustStore(t, s, st[1], st[2], st[0])
		reg := st[0].Context.Registration
		wantIDs(t, s, lrs.StatementFilter{Registration: reg}, st[2], st[1], st[0])
		wantIDs(t, s, lrs.StatementFilter{Registration: reg, Ascending: true}, st...)
	})

	t.Run("Limit", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := inRegistration(5, time.Millisecond)
		mustStore(t, s, st...)
		got, cursor, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: st[0].Context.Registration, Limit: 2})
		must(t, err)
		sameIDs(t, got, st[4], st[3])
		if cursor == "" {
			t.Fatal("no cursor with more statements to come")
		}
	})

	t.Run("NoMatch", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		got, cursor, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: newID()})
		must(t, err)
		if len(got) != 0 || cursor != "" {
			t.Fatalf("got %d statements and cursor %q, want none", len(got), cursor)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, f := range map[string]lrs.StatementFilter{
			"cursor":       {Cursor: "not a cursor"},
			"limit":        {Limit: -1},
			"registration": {Registration: "not-a-uuid"},
		} {
			_, _, err := s.Statements.Statements(t.Context(), f)
			if engine.ErrorCode(err) != engine.EINVALID {
				t.Fatalf("%s: got %v, want %s", name, err, engine.EINVALID)
			}
		}
	})
}

func testPageStatements(t *testing.T, open func(t *testing.T) Stores) {
	// 23 statements in groups of three with equal stored times, stored in
	// batches out of order: pages must break ties the same way every time.
	mustPaged := func(t *testing.T, s Stores) []xapi.Statement {
		st := inRegistration(23, 0)
		for i := range st {
			at := st[0].Stored.Add(time.Duration(i/3) * time.Millisecond)
			st[i].Stored = &at
		}
		shuffled := slices.Clone(st)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for batch := range slices.Chunk(shuffled, 5) {
			mustStore(t, s, batch...)
		}
		all, cursor, err := s.Statements.Statements(t.Context(), lrs.StatementFilter{Registration: st[0].Context.Registration, Limit: 100})
		must(t, err)
		if len(all) != len(st) || cursor != "" {
			t.Fatalf("got %d statements and cursor %q in one page, want %d and none", len(all), cursor, len(st))
		}
		for i := 1; i < len(all); i++ {
			if all[i].Stored.After(*all[i-1].Stored) {
				t.Fatalf("statement %d stored %v after statement %d stored %v: want newest first", i, all[i].Stored, i-1, all[i-1].Stored)
			}
		}
		return all
	}

	t.Run("NoSkipNoRepeat", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		newestFirst := mustPaged(t, s)
		oldestFirst := slices.Clone(newestFirst)
		slices.Reverse(oldestFirst)
		reg := newestFirst[0].Context.Registration
		for _, limit := range []int{1, 2, 3, 4, 7, 23, 24} {
			for _, asc := range []bool{false, true} {
				want := newestFirst
				if asc {
					want = oldestFirst
				}
				got, pages := collectPages(t, s, lrs.StatementFilter{Registration: reg, Limit: limit, Ascending: asc}, nil)
				sameIDs(t, got, want...)
				if wantPages := (len(want) + limit - 1) / limit; pages != wantPages {
					t.Fatalf("limit %d: %d pages, want %d", limit, pages, wantPages)
				}
			}
		}
	})

	t.Run("NewerStatementsWhilePaging", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		newestFirst := mustPaged(t, s)
		reg := newestFirst[0].Context.Registration
		got, _ := collectPages(t, s, lrs.StatementFilter{Registration: reg, Limit: 4}, func() {
			newer := baseStatement()
			newer.Context.Registration = reg
			mustStore(t, s, newer)
		})
		sameIDs(t, got, newestFirst...)
	})

	t.Run("CursorFromOtherOrder", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		newestFirst := mustPaged(t, s)
		f := lrs.StatementFilter{Registration: newestFirst[0].Context.Registration, Limit: 2}
		_, cursor, err := s.Statements.Statements(t.Context(), f)
		must(t, err)
		f.Cursor, f.Ascending = cursor, true
		_, _, err = s.Statements.Statements(t.Context(), f)
		wantCode(t, err, engine.EINVALID)
	})
}

// collectPages follows cursors from f to the last page, calling between (if
// not nil) after each page, and returns every statement and the page count.
func collectPages(t testing.TB, s Stores, f lrs.StatementFilter, between func()) ([]xapi.Statement, int) {
	t.Helper()
	var all []xapi.Statement
	for pages := 1; ; pages++ {
		page, cursor, err := s.Statements.Statements(t.Context(), f)
		must(t, err)
		if len(page) == 0 || len(page) > f.Limit {
			t.Fatalf("page %d has %d statements, want 1 to %d", pages, len(page), f.Limit)
		}
		all = append(all, page...)
		if cursor == "" {
			return all, pages
		}
		if pages > 100 {
			t.Fatal("more than 100 pages: the cursor does not advance")
		}
		if between != nil {
			between()
		}
		f.Cursor = cursor
	}
}

// inRegistration returns n statements in one new registration, stored step
// apart in order.
func inRegistration(n int, step time.Duration) []xapi.Statement {
	st := make([]xapi.Statement, n)
	start := now().Add(-time.Hour)
	for i := range st {
		st[i] = baseStatement()
		st[i].Context.Registration = st[0].Context.Registration
		at := start.Add(time.Duration(i) * step)
		st[i].Stored = &at
	}
	return st
}

func mustStore(t testing.TB, s Stores, st ...xapi.Statement) {
	t.Helper()
	must(t, s.Statements.StoreStatements(t.Context(), st))
}

// wantIDs fails the test unless f selects exactly want, in order.
func wantIDs(t testing.TB, s Stores, f lrs.StatementFilter, want ...xapi.Statement) {
	t.Helper()
	got, cursor, err := s.Statements.Statements(t.Context(), f)
	must(t, err)
	sameIDs(t, got, want...)
	if cursor != "" {
		t.Fatalf("cursor %q after the only page", cursor)
	}
}

func sameIDs(t testing.TB, got []xapi.Statement, want ...xapi.Statement) {
	t.Helper()
	ids := func(st []xapi.Statement) []string {
		out := make([]string, len(st))
		for i := range st {
			out[i] = st[i].ID
		}
		return out
	}
	if g, w := ids(got), ids(want); !slices.Equal(g, w) {
		t.Fatalf("got statements\n %v\nwant\n %v", g, w)
	}
}
