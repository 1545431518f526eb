package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Holding returns the columns, as table.column, in which some row of the
// database holds text: every text, blob, JSON and array column of every
// table. Each adapter's tests give one, so that the erasure contract can
// look for a patron's name where no store method would show it.
type Holding func(ctx context.Context, text string) ([]string, error)

// testErasure checks PrivacyStore. It sets forward targets, so it does
// not run in parallel (see testOutbox).
func testErasure(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("ErasesEverythingAndVoidsWhereForwarded", func(t *testing.T) { testEraseLearner(t, open) })
	t.Run("InactiveLearners", func(t *testing.T) { testInactiveLearners(t, open) })
	t.Run("LearnersByEmail", func(t *testing.T) { testLearnersByEmail(t, open) })
	t.Run("ConcurrentErasuresEraseOnce", func(t *testing.T) { testConcurrentErasures(t, open) })
}

// testConcurrentErasures: two servers' sweeps erasing the same learner at
// once make one erasure; the other finds nobody.
func testConcurrentErasures(t *testing.T, open func(t *testing.T) Stores) {
	s := open(t)
	if s.Privacy == nil {
		t.Skip("no privacy store")
	}
	for range 5 {
		r := mustRegistration(t, s)
		mustStore(t, s, newStatement(r, "q1"), newStatement(r, "q2"))
		actor := newStatement(r, "q1").Actor.IFI()
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				errs <- s.Privacy.EraseLearner(context.Background(), &learning.Erasure{LearnerID: r.LearnerID, Reason: learning.ErasedByRetention}, actor, nil)
			}()
		}
		var ok, missing int
		for range 2 {
			switch err := <-errs; engine.ErrorCode(err) {
			case "":
				ok++
			case engine.ENOTFOUND:
				missing++
			default:
				t.Fatalf("concurrent erasure: %v", err)
			}
		}
		if ok != 1 || missing != 1 {
			t.Fatalf("%d erasures succeeded and %d found nobody, want one each", ok, missing)
		}
	}
}

func testLearnersByEmail(t *testing.T, open func(t *testing.T) Stores) {
	s := open(t)
	if s.Privacy == nil {
		t.Skip("no privacy store")
	}
	email := "family-" + newID() + "@library.example"
	var want []string
	for _, e := range []string{email, strings.ToUpper(email)} {
		l := &learning.Learner{ID: "learner-" + newID(), Email: e}
		must(t, s.Learners.CreateLearner(t.Context(), l))
		want = append(want, l.ID)
	}
	got, err := s.Privacy.LearnersByEmail(t.Context(), email)
	must(t, err)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("learners with %s: %v, want %v", email, got, want)
	}
	if got, err := s.Privacy.LearnersByEmail(t.Context(), "nobody-"+newID()+"@library.example"); err != nil || len(got) != 0 {
		t.Fatalf("nobody's email: %v, %v", got, err)
	}
	if got, err := s.Privacy.LearnersByEmail(t.Context(), ""); err != nil || len(got) != 0 {
		t.Fatalf("the empty email matched %d anonymous learners (%v)", len(got), err)
	}
}

// attachment returns the content and metadata of a statement attachment.
func attachment(content string) (lrs.Attachment, xapi.Attachment) {
	sum := sha256.Sum256([]byte(content))
	h := hex.EncodeToString(sum[:])
	return lrs.Attachment{SHA2: h, Content: []byte(content)}, xapi.Attachment{UsageType: home + "attachments/certificate",
		Display: map[string]string{"en-US": "certificate"}, ContentType: "text/plain", Length: int64(len(content)), SHA2: h}
}

// erasedLearner is a learner with a name and email in every place a store
// keeps something about a learner.
type erasedLearner struct {
	learner     *learning.Learner
	actor       xapi.Agent
	stmts       []xapi.Statement // 0 and 1 are delivered to remote A, 0 to B; 2 is pending
	own, shared lrs.Attachment   // carried by stmts[2]; shared also by another learner's statement
}

func mustErasedLearner(t *testing.T, s Stores) erasedLearner {
	id := newID()
	l := &learning.Learner{ID: "learner-" + id, Name: "Erin Erasable " + id, Email: "erin-" + id + "@library.example"}
	must(t, s.Learners.CreateLearner(t.Context(), l))
	r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{ID: newID(), LearnerID: l.ID, ModuleID: "module-" + newID()})
	must(t, err)
	e := erasedLearner{learner: l}
	for i := range 3 {
		st := newStatement(r, "q"+string(rune('1'+i)))
		st.Actor.Name = l.Name
		e.stmts = append(e.stmts, st)
	}
	e.actor = e.stmts[0].Actor
	var own, shared xapi.Attachment
	e.own, own = attachment("certificate for " + l.Name)
	e.shared, shared = attachment("shared " + newID())
	e.stmts[2].Attachments = []xapi.Attachment{own, shared}
	must(t, s.Attachments.StoreAttachments(t.Context(), []lrs.Attachment{e.own, e.shared}))
	state := &learning.ObjectState{RegistrationID: r.ID, ObjectID: "q1", State: json.RawMessage(`{"note":"` + l.Name + `"}`)}
	must(t, s.Progress.RecordInteraction(t.Context(), state, e.stmts[:1]))
	mustStore(t, s, e.stmts[1:]...)
	ifi := e.actor.IFI()
	mustPut(t, s, lrs.DocumentKey{Kind: lrs.AgentProfileDocument, Agent: ifi, ID: "contact"}, `{"email":"`+l.Email+`"}`)
	mustPut(t, s, lrs.DocumentKey{Kind: lrs.StateDocument, ActivityID: home + "activities/" + newID(), Agent: ifi, ID: "bookmark"}, `{"name":"`+l.Name+`"}`)
	return e
}

func testEraseLearner(t *testing.T, open func(t *testing.T) Stores) {
	s := open(t)
	if s.Privacy == nil || s.Holding == nil {
		t.Skip("no privacy store")
	}
	ctx := t.Context()
	targets := mustTargets(t, s, 2)
	e := mustErasedLearner(t, s)
	other := newStatement(mustRegistration(t, s), "q1")
	_, shared := attachment(string(e.shared.Content))
	other.Attachments = []xapi.Attachment{shared}
	mustStore(t, s, other)
	a := pending(t, s, targets[0], e.stmts, e.stmts...)
	b := pending(t, s, targets[1], e.stmts, e.stmts...)
	must(t, s.Outbox.ForwardsDelivered(ctx, []int64{a[0].Seq, a[1].Seq, b[0].Seq}))
	must(t, s.Outbox.ForwardsDelivered(ctx, []int64{a[0].Seq})) // a retry: recorded once

	var voids []xapi.Statement
	void := func(ids []string) ([]xapi.Statement, error) {
		var err error
		voids, err = (&lrs.Service{BaseURL: home}).EngineVoids(ids, now())
		return voids, err
	}
	er := &learning.Erasure{LearnerID: e.learner.ID, Reason: learning.ErasedByPatron, ErasedAt: now()}
	must(t, s.Privacy.EraseLearner(ctx, er, e.actor.IFI(), void))

	want := learning.Erasure{LearnerID: e.learner.ID, Reason: learning.ErasedByPatron, ErasedAt: er.ErasedAt,
		Registrations: 1, ObjectStates: 1, Statements: 3, Documents: 2, Attachments: 1, Voided: 3, Dropped: 3}
	if *er != want {
		t.Fatalf("erasure %+v, want %+v", *er, want)
	}
	t.Run("VoidingQueuedWhereDelivered", func(t *testing.T) {
		byTarget := func(target string) []string {
			var refs []string
			for _, it := range pending(t, s, target, append(voids, e.stmts...)) {
				st, err := sqlStatement(it.Statement)
				must(t, err)
				if st.Verb.ID != xapi.VoidedVerb || st.Actor.IFI() == e.actor.IFI() || st.Actor.Name == e.learner.Name {
					t.Fatalf("%s: queued %s, want only voiding statements by the engine", target, it.Statement)
				}
				refs = append(refs, st.Object.ID)
			}
			return refs
		}
		if got := byTarget(targets[0]); !slices.Equal(got, []string{e.stmts[0].ID, e.stmts[1].ID}) && !slices.Equal(got, []string{e.stmts[1].ID, e.stmts[0].ID}) {
			t.Fatalf("remote A: voiding %v, want the two statements it received", got)
		}
		if got := byTarget(targets[1]); !slices.Equal(got, []string{e.stmts[0].ID}) {
			t.Fatalf("remote B: voiding %v, want the one statement it received", got)
		}
	})
	t.Run("NothingOfTheLearnerLeft", func(t *testing.T) {
		_, err := s.Learners.Learner(ctx, e.learner.ID)
		wantCode(t, err, engine.ENOTFOUND)
		regs, err := s.Progress.LearnerRegistrations(ctx, e.learner.ID)
		if err != nil || len(regs) != 0 {
			t.Fatalf("registrations %v, %v after erasure", regs, err)
		}
		for _, st := range e.stmts {
			for _, voided := range []bool{false, true} {
				_, err := s.Statements.StatementByID(ctx, st.ID, voided)
				wantCode(t, err, engine.ENOTFOUND)
			}
		}
		got, err := s.Attachments.Attachments(ctx, []string{e.own.SHA2, e.shared.SHA2})
		if err != nil || len(got) != 1 || got[0].SHA2 != e.shared.SHA2 {
			t.Fatalf("attachments %v, %v: want only the one another statement carries", got, err)
		}
		if _, err := s.Statements.StatementByID(ctx, other.ID, false); err != nil {
			t.Fatalf("another learner's statement: %v", err)
		}
		for _, text := range []string{e.learner.Name, e.learner.Email} {
			if cols, err := s.Holding(ctx, text); err != nil || len(cols) != 0 {
				t.Fatalf("%q is still in %v (%v)", text, cols, err)
			}
		}
		if cols, err := s.Holding(ctx, e.learner.ID); err != nil || !slices.Equal(cols, []string{"erasures.learner_id"}) {
			t.Fatalf("the learner id is in %v (%v), want only the erasure record", cols, err)
		}
	})
	t.Run("Again", func(t *testing.T) {
		wantCode(t, s.Privacy.EraseLearner(ctx, &learning.Erasure{LearnerID: e.learner.ID}, e.actor.IFI(), void), engine.ENOTFOUND)
	})
}

func sqlStatement(raw json.RawMessage) (*xapi.Statement, error) {
	var st xapi.Statement
	err := json.Unmarshal(raw, &st)
	return &st, err
}

// testInactiveLearners checks which learners a retention sweep selects,
// with times set in the past rather than waited for.
func testInactiveLearners(t *testing.T, open func(t *testing.T) Stores) {
	s := open(t)
	if s.Privacy == nil {
		t.Skip("no privacy store")
	}
	ctx := t.Context()
	const day = 24 * time.Hour
	current := now()
	long, cutoff := current.Add(-200*day), current.Add(-180*day)
	prefix := (xapi.Agent{Account: &xapi.Account{HomePage: home}}).IFI()
	learner := func(name string, created time.Time, email string) *learning.Learner {
		l := &learning.Learner{ID: "learner-" + newID(), Name: name, Email: email, CreatedAt: created}
		must(t, s.Learners.CreateLearner(ctx, l))
		return l
	}
	register := func(l *learning.Learner, at time.Time) *learning.Registration {
		r, err := s.Progress.EnsureRegistration(ctx, &learning.Registration{ID: newID(), LearnerID: l.ID, ModuleID: "module-" + newID(), StartedAt: at})
		must(t, err)
		return r
	}
	forgotten := learner("", long, "")
	named := learner("Ned", long, "") // a name is not an email: still anonymous
	oldVisit := learner("", long, "")
	register(oldVisit, long)
	learner("", long, "with-email@library.example")
	learner("", current, "")
	register(learner("", long, ""), current.Add(-10*day))
	stated := learner("", long, "")
	st := newStatement(register(stated, long), "q1")
	recent := current.Add(-day)
	st.Stored = &recent
	mustStore(t, s, st)

	all, err := s.Privacy.InactiveLearners(ctx, cutoff, prefix, 100000)
	must(t, err)
	var got []string
	for _, id := range all {
		if slices.Contains([]string{forgotten.ID, named.ID, oldVisit.ID}, id) {
			got = append(got, id)
		} else if id == stated.ID {
			t.Fatalf("learner %s with a statement stored a day ago is selected", id)
		}
	}
	want := []string{forgotten.ID, named.ID, oldVisit.ID}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("selected %v of mine, want %v", got, want)
	}
	if len(all) > 0 {
		few, err := s.Privacy.InactiveLearners(ctx, cutoff, prefix, 1)
		if err != nil || len(few) != 1 {
			t.Fatalf("limit 1: %v, %v", few, err)
		}
	}
}
