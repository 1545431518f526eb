package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// testLRSStatements runs the contract the xAPI Statement resource needs:
// voiding, statement references, the agent and activity filters, the
// authority filter and attachment contents.
func testLRSStatements(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("Voiding", func(t *testing.T) { testVoiding(t, open) })
	t.Run("References", func(t *testing.T) { testReferences(t, open) })
	t.Run("Agents", func(t *testing.T) { testAgentFilter(t, open) })
	t.Run("Activities", func(t *testing.T) { testActivityFilter(t, open) })
	t.Run("Authority", func(t *testing.T) { testAuthorityFilter(t, open) })
	t.Run("Attachments", func(t *testing.T) { testAttachments(t, open) })
}

// voiding returns a statement that voids the statement with id.
func voiding(id string) xapi.Statement {
	st := baseStatement()
	st.Verb = xapi.Verb{ID: xapi.VoidedVerb, Display: map[string]string{"en-US": "voided"}}
	st.Object = xapi.Object{ObjectType: "StatementRef", ID: id}
	st.Result = nil
	return st
}

// referring returns a statement whose object is a StatementRef to id.
func referring(id string) xapi.Statement {
	st := baseStatement()
	st.Verb = xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/commented"}
	st.Object = xapi.Object{ObjectType: "StatementRef", ID: id}
	st.Result = nil
	return st
}

// inOrder stamps st stored a millisecond apart, in order, an hour ago.
func inOrder(st ...*xapi.Statement) {
	start := now().Add(-time.Hour)
	for i, s := range st {
		at := start.Add(time.Duration(i) * time.Millisecond)
		s.Stored = &at
	}
}

func wantVoided(t testing.TB, s Stores, id string, voided bool) {
	t.Helper()
	_, err := s.Statements.StatementByID(t.Context(), id, voided)
	must(t, err)
	_, err = s.Statements.StatementByID(t.Context(), id, !voided)
	wantCode(t, err, engine.ENOTFOUND)
}

func testVoiding(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("HidesTarget", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		target := baseStatement()
		v := voiding(target.ID)
		v.Context.Registration = target.Context.Registration
		inOrder(&target, &v)
		mustStore(t, s, target)
		wantVoided(t, s, target.ID, false)
		mustStore(t, s, v)
		wantVoided(t, s, target.ID, true)
		wantVoided(t, s, v.ID, false)
		wantIDs(t, s, lrs.StatementFilter{Registration: target.Context.Registration}, v)
	})

	t.Run("TargetArrivesLater", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		target := baseStatement()
		v := voiding(target.ID)
		mustStore(t, s, v)
		mustStore(t, s, target)
		wantVoided(t, s, target.ID, true)
	})

	t.Run("TargetArrivesLaterInLargeBatch", func(t *testing.T) {
		// A batch large enough for another write path (COPY on
		// PostgreSQL) voids its statements as a single one does.
		t.Parallel()
		s := open(t)
		batch := make([]xapi.Statement, 24)
		for i := range batch {
			batch[i] = baseStatement()
		}
		mustStore(t, s, voiding(batch[7].ID))
		mustStore(t, s, batch...)
		wantVoided(t, s, batch[7].ID, true)
		wantVoided(t, s, batch[8].ID, false)
	})

	t.Run("UpperCaseIDs", func(t *testing.T) {
		// A statement id is one statement however it is written: a
		// reference in upper case voids it, and it is found in upper case.
		t.Parallel()
		s := open(t)
		target, later := baseStatement(), baseStatement()
		mustStore(t, s, target, voiding(strings.ToUpper(target.ID)), voiding(strings.ToUpper(later.ID)))
		mustStore(t, s, later)
		wantVoided(t, s, strings.ToUpper(target.ID), true)
		wantVoided(t, s, strings.ToUpper(later.ID), true)
	})

	t.Run("NotAUUID", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for _, voided := range []bool{false, true} {
			_, err := s.Statements.StatementByID(t.Context(), "not-a-uuid", voided)
			wantCode(t, err, engine.ENOTFOUND)
		}
	})

	t.Run("SameBatch", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b := baseStatement(), baseStatement()
		mustStore(t, s, voiding(a.ID), a, b, voiding(b.ID))
		wantVoided(t, s, a.ID, true)
		wantVoided(t, s, b.ID, true)
	})

	t.Run("UnknownTarget", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		v := voiding(newID())
		mustStore(t, s, v)
		wantVoided(t, s, v.ID, false)
	})

	t.Run("VoidingStatementCannotBeVoided", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		target := baseStatement()
		first := voiding(target.ID)
		mustStore(t, s, target, first)
		again := voiding(first.ID)
		wantCode(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{again}), engine.EINVALID)
		wantVoided(t, s, first.ID, false)
		_, err := storedStatement(t, s, again.ID)
		wantCode(t, err, engine.ENOTFOUND)
		// Voiding a voided statement again changes nothing.
		mustStore(t, s, voiding(target.ID))
		wantVoided(t, s, target.ID, true)
	})

	t.Run("IdempotentVoiding", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		target := baseStatement()
		v := voiding(target.ID)
		mustStore(t, s, target, v)
		mustStore(t, s, v)
		wantVoided(t, s, target.ID, true)
		wantVoided(t, s, v.ID, false)
	})
}

func testReferences(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("MatchThroughTargets", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		verb := xapi.Verb{ID: home + "verbs/" + newID()}
		target := baseStatement()
		target.Verb = verb
		v := voiding(target.ID)
		ref := referring(target.ID)
		refOfRef := referring(ref.ID)
		unrelated := referring(newID())
		inOrder(&target, &v, &ref, &refOfRef, &unrelated)
		mustStore(t, s, target, v, ref, refOfRef, unrelated)
		// The voided target is left out; whatever refers to it, directly
		// or not, is in, the voiding statement included.
		wantIDs(t, s, lrs.StatementFilter{Verb: verb.ID, Ascending: true}, v, ref, refOfRef)
		wantIDs(t, s, lrs.StatementFilter{Verb: verb.ID}, refOfRef, ref, v)
		// Time applies to the referring statement itself.
		wantIDs(t, s, lrs.StatementFilter{Verb: verb.ID, Since: v.Stored, Ascending: true}, ref, refOfRef)
		wantIDs(t, s, lrs.StatementFilter{Verb: verb.ID, Until: ref.Stored, Ascending: true}, v, ref)
		// The other filters pass through references too.
		wantIDs(t, s, lrs.StatementFilter{Registration: target.Context.Registration, Ascending: true}, v, ref, refOfRef)
		wantIDs(t, s, lrs.StatementFilter{Agent: target.Actor.IFI(), Activity: target.Object.ID, Ascending: true}, v, ref, refOfRef)
	})

	t.Run("PagesThroughTargets", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		verb := xapi.Verb{ID: home + "verbs/" + newID()}
		var all []xapi.Statement
		for range 4 {
			st := baseStatement()
			st.Verb = verb
			all = append(all, st, referring(st.ID))
		}
		ptrs := make([]*xapi.Statement, len(all))
		for i := range all {
			ptrs[i] = &all[i]
		}
		inOrder(ptrs...)
		mustStore(t, s, all...)
		got, pages := collectPages(t, s, lrs.StatementFilter{Verb: verb.ID, Limit: 3, Ascending: true}, nil)
		sameIDs(t, got, all...)
		if pages != 3 {
			t.Fatalf("%d pages of 3 for 8 statements, want 3", pages)
		}
	})

	t.Run("Cycle", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b := referring(""), referring("")
		a.Object.ID, b.Object.ID = b.ID, a.ID
		mustStore(t, s, a, b)
		wantIDs(t, s, lrs.StatementFilter{Verb: home + "verbs/" + newID()})
	})
}

// agentCases returns statements that mention agent in every way xAPI
// names: the first three directly (actor, object, group member), the
// others only as related agents.
func agentCases(agent xapi.Agent) (direct, related []xapi.Statement) {
	other := xapi.Agent{ObjectType: "Agent", Mbox: "mailto:other-" + newID() + "@library.example"}
	group := xapi.Agent{ObjectType: "Group", Name: "Reading circle", Member: []xapi.Agent{other, agent}}
	idGroup := xapi.Agent{ObjectType: "Group", Mbox: "mailto:circle-" + newID() + "@library.example", Member: []xapi.Agent{agent}}
	st := func(f func(*xapi.Statement)) xapi.Statement {
		s := baseStatement()
		f(&s)
		return s
	}
	direct = []xapi.Statement{
		st(func(s *xapi.Statement) { s.Actor = agent }),
		st(func(s *xapi.Statement) { s.Object = xapi.ObjectOf(agent) }),
		st(func(s *xapi.Statement) { s.Actor = group }),
		st(func(s *xapi.Statement) { s.Object = xapi.ObjectOf(idGroup) }),
	}
	related = []xapi.Statement{
		st(func(s *xapi.Statement) { s.Authority = &agent }),
		st(func(s *xapi.Statement) { s.Context.Instructor = &agent }),
		st(func(s *xapi.Statement) { s.Context.Team = &group }),
		st(func(s *xapi.Statement) {
			s.Context.ContextAgents = []xapi.ContextAgent{{ObjectType: "contextAgent", Agent: agent}}
		}),
		st(func(s *xapi.Statement) {
			s.Context.ContextGroups = []xapi.ContextGroup{{ObjectType: "contextGroup", Group: idGroup}}
		}),
		st(func(s *xapi.Statement) {
			s.Object = xapi.Object{ObjectType: "SubStatement", Actor: &agent, Verb: &s.Verb,
				Object: &xapi.Object{ObjectType: "Activity", ID: home + "activities/" + newID()}}
		}),
		st(func(s *xapi.Statement) {
			o := xapi.ObjectOf(agent)
			s.Object = xapi.Object{ObjectType: "SubStatement", Actor: &other, Verb: &s.Verb, Object: &o}
		}),
		st(func(s *xapi.Statement) {
			s.Object = xapi.Object{ObjectType: "SubStatement", Actor: &other, Verb: &s.Verb,
				Object:  &xapi.Object{ObjectType: "Activity", ID: home + "activities/" + newID()},
				Context: &xapi.Context{Instructor: &agent}}
		}),
	}
	return direct, related
}

func testAgentFilter(t *testing.T, open func(t *testing.T) Stores) {
	t.Parallel()
	s := open(t)
	agent := xapi.Agent{ObjectType: "Agent", Mbox: "mailto:ada-" + newID() + "@library.example"}
	direct, related := agentCases(agent)
	all := slices.Concat(direct, related)
	ptrs := make([]*xapi.Statement, len(all))
	for i := range all {
		ptrs[i] = &all[i]
	}
	inOrder(ptrs...)
	mustStore(t, s, all...)
	wantIDs(t, s, lrs.StatementFilter{Agent: agent.IFI(), Ascending: true}, direct...)
	wantIDs(t, s, lrs.StatementFilter{Agent: agent.IFI(), RelatedAgents: true, Ascending: true}, all...)
	wantIDs(t, s, lrs.StatementFilter{Agent: "mbox::mailto:nobody-" + newID() + "@library.example", RelatedAgents: true})
}

func testActivityFilter(t *testing.T, open func(t *testing.T) Stores) {
	t.Parallel()
	s := open(t)
	activity := xapi.Object{ObjectType: "Activity", ID: home + "activities/" + newID()}
	st := func(f func(*xapi.Statement)) xapi.Statement {
		s := baseStatement()
		f(&s)
		return s
	}
	object := st(func(s *xapi.Statement) { s.Object = activity })
	related := []xapi.Statement{
		st(func(s *xapi.Statement) { s.Context.ContextActivities.Parent = []xapi.Object{activity} }),
		st(func(s *xapi.Statement) { s.Context.ContextActivities.Grouping = []xapi.Object{activity} }),
		st(func(s *xapi.Statement) { s.Context.ContextActivities.Category = []xapi.Object{activity} }),
		st(func(s *xapi.Statement) { s.Context.ContextActivities.Other = []xapi.Object{activity} }),
		st(func(s *xapi.Statement) {
			s.Object = xapi.Object{ObjectType: "SubStatement", Actor: &s.Actor, Verb: &s.Verb, Object: &activity}
		}),
		st(func(s *xapi.Statement) {
			s.Object = xapi.Object{ObjectType: "SubStatement", Actor: &s.Actor, Verb: &s.Verb,
				Object:  &xapi.Object{ObjectType: "Activity", ID: home + "activities/" + newID()},
				Context: &xapi.Context{ContextActivities: &xapi.ContextActivities{Category: []xapi.Object{activity}}}}
		}),
	}
	all := append([]xapi.Statement{object}, related...)
	ptrs := make([]*xapi.Statement, len(all))
	for i := range all {
		ptrs[i] = &all[i]
	}
	inOrder(ptrs...)
	mustStore(t, s, all...)
	wantIDs(t, s, lrs.StatementFilter{Activity: activity.ID, Ascending: true}, object)
	wantIDs(t, s, lrs.StatementFilter{Activity: activity.ID, RelatedActivities: true, Ascending: true}, all...)
}

func testAuthorityFilter(t *testing.T, open func(t *testing.T) Stores) {
	t.Parallel()
	s := open(t)
	client := xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: home, Name: "client-" + newID()}}
	app := xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: home, Name: "app-" + newID()}}
	oauth := xapi.Agent{ObjectType: "Group", Member: []xapi.Agent{app, client}}
	mine, mineToo, theirs, aboutMe := baseStatement(), baseStatement(), baseStatement(), baseStatement()
	mine.Authority, mineToo.Authority, theirs.Authority = &client, &oauth, &app
	aboutMe.Actor = client // the actor is not the authority
	inOrder(&mine, &mineToo, &theirs, &aboutMe)
	mustStore(t, s, mine, mineToo, theirs, aboutMe)
	wantIDs(t, s, lrs.StatementFilter{Authority: client.IFI(), Ascending: true}, mine, mineToo)
	wantIDs(t, s, lrs.StatementFilter{Authority: client.IFI(), Agent: client.IFI()})
}

func testAttachments(t *testing.T, open func(t *testing.T) Stores) {
	t.Parallel()
	s := open(t)
	if s.Attachments == nil {
		t.Skip("no attachment store")
	}
	att := func(content string) lrs.Attachment {
		sum := sha256.Sum256([]byte(content))
		return lrs.Attachment{SHA2: hex.EncodeToString(sum[:]), Content: []byte(content)}
	}
	a, b := att("certificate "+newID()), att("transcript "+newID()+"\x00\xff binary")
	must(t, s.Attachments.StoreAttachments(t.Context(), []lrs.Attachment{a, b}))
	must(t, s.Attachments.StoreAttachments(t.Context(), []lrs.Attachment{a})) // stored again: no error
	missing := att("never stored " + newID())
	got, err := s.Attachments.Attachments(t.Context(), []string{a.SHA2, missing.SHA2, b.SHA2})
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("got %d attachments, want 2", len(got))
	}
	for _, g := range got {
		want := a
		if g.SHA2 == b.SHA2 {
			want = b
		}
		if g.SHA2 != want.SHA2 || !bytes.Equal(g.Content, want.Content) {
			t.Fatalf("got %s %q, want %s %q", g.SHA2, g.Content, want.SHA2, want.Content)
		}
	}
	bad := a
	bad.Content = []byte("tampered")
	wantCode(t, s.Attachments.StoreAttachments(t.Context(), []lrs.Attachment{bad}), engine.EINVALID)
	none, err := s.Attachments.Attachments(t.Context(), nil)
	must(t, err)
	if len(none) != 0 {
		t.Fatalf("got %d attachments for no hashes", len(none))
	}
}
