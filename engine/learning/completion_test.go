package learning_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/engine/storage"
	"github.com/lode-elearning/lode/engine/storetest"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// scoredModule has two required objects and a mastery score of 0.8 on b.
func scoredModule() *learning.Module {
	return &learning.Module{ID: "m1", Title: "Module One", Version: "1.2.0", CEHours: 1.5, Language: "en-US",
		Objects: []learning.Object{
			{ID: "a", Type: "echo", Title: "A", Required: true, Config: json.RawMessage(`{}`)},
			{ID: "b", Type: "echo", Title: "B", Required: true, Config: json.RawMessage(`{}`)},
			{ID: "extra", Type: "echo", Title: "Extra", Config: json.RawMessage(`{}`)},
		},
		Completion: learning.Completion{Mastery: []learning.Mastery{{ObjectID: "b", MinScore: 0.8}}},
	}
}

// mustBackend opens an empty, migrated database of the kind named.
func mustBackend(t *testing.T, kind string) storage.Backend {
	t.Helper()
	ctx := t.Context()
	if kind == "postgres" {
		db, err := postgres.Open(ctx, storetest.PostgresDatabase(t))
		must(t, err)
		t.Cleanup(func() { db.Close() })
		must(t, db.Migrate(ctx))
		return db
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lode.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.Migrate(ctx))
	return db
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// scoredDelivery is a Delivery of scoredModule on a database of the kind
// named, with the echo plugin, whose objects score 1.
func scoredDelivery(t *testing.T, kind string) (*learning.Delivery, storage.Backend, *learning.Learner) {
	db := mustBackend(t, kind)
	host, err := pluginhost.Start(t.Context(), pluginhost.Config{}, []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t)}})
	must(t, err)
	t.Cleanup(host.Close)
	d := &learning.Delivery{Modules: catalog{"m1": scoredModule()}, Content: host, Learners: db, Progress: db,
		LRS: &lrs.Service{Statements: db, BaseURL: "https://lode.test"}, BaseURL: "https://lode.test"}
	l, err := d.NewLearner(t.Context())
	must(t, err)
	return d, db, l
}

// moduleStatements returns the statements about the module as a whole,
// by verb id.
func moduleStatements(t *testing.T, db storage.Backend, reg string) map[string][]xapi.Statement {
	t.Helper()
	stmts, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: reg, Ascending: true, Limit: 100})
	must(t, err)
	out := map[string][]xapi.Statement{}
	for _, s := range stmts {
		if s.Object.ID == "https://lode.test/modules/m1" {
			out[s.Verb.ID] = append(out[s.Verb.ID], s)
		}
	}
	return out
}

var verbPassed, verbFailed = sdk.VerbPassed.ID, sdk.VerbFailed.ID

// N interactions that all read the learner's progress before any writes,
// together finishing a scored module: one completed and one passed
// statement, whatever the order of their writes, on every database.
func TestScoredCompletionAtOnce(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			d, db, l := scoredDelivery(t, kind)
			const n = 8
			d.Content = &barrier{ContentTypes: d.Content, n: n, all: make(chan struct{})}
			objects := []string{"a", "b", "extra"}
			outs := make([]*learning.Outcome, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					outs[i], errs[i] = d.Interact(context.Background(), learning.Interaction{
						LearnerID: l.ID, SessionID: "secret-session", ModuleID: "m1", ObjectID: objects[i%len(objects)],
						Event: sdk.Event{Type: "ping", Data: json.RawMessage(`{}`)},
					})
				})
			}
			wg.Wait()
			completedBy := 0
			for i := range n {
				must(t, errs[i])
				if outs[i].ModuleCompleted {
					completedBy++
				}
			}
			p, err := d.Open(t.Context(), l.ID, "m1")
			must(t, err)
			got := moduleStatements(t, db, p.Registration.ID)
			if completedBy != 1 || len(got[sdk.VerbCompleted.ID]) != 1 || len(got[verbPassed]) != 1 || len(got) != 2 {
				t.Fatalf("%d interactions completed the module; module statements %v: want one completed and one passed", completedBy, verbCounts(got))
			}
			if r := p.Registration; r.CompletedAt == nil || r.CompletedVersion != "1.2.0" || r.StartedVersion != "1.2.0" {
				t.Fatalf("registration %+v: want completed in version 1.2.0", r)
			}
			checkMoveOn(t, got[sdk.VerbCompleted.ID][0], p.Registration.ID, false)
			passed := got[verbPassed][0]
			checkMoveOn(t, passed, p.Registration.ID, true)
			if r := passed.Result; r.Success == nil || !*r.Success || r.Score == nil || r.Score.Scaled == nil || *r.Score.Scaled != 1 {
				t.Fatalf("passed result %+v: want success and the mastery object's score, 1", r)
			}
		})
	}
}

// A mastery object finished below its score fails the module, once, and
// does not complete it.
func TestScoredFailure(t *testing.T) {
	d, db, l := scoredDelivery(t, "sqlite")
	d.Content = &rescoring{ContentTypes: d.Content, scaled: 0.5}
	for _, object := range []string{"a", "b", "extra", "b"} {
		out, err := d.Interact(t.Context(), learning.Interaction{
			LearnerID: l.ID, SessionID: "secret-session", ModuleID: "m1", ObjectID: object,
			Event: sdk.Event{Type: "ping", Data: json.RawMessage(`{}`)},
		})
		must(t, err)
		if out.ModuleCompleted || out.Progress.Done() {
			t.Fatalf("after %s: completed %v, done %v; want neither", object, out.ModuleCompleted, out.Progress.Done())
		}
	}
	p, err := d.Open(t.Context(), l.ID, "m1")
	must(t, err)
	got := moduleStatements(t, db, p.Registration.ID)
	if len(got[verbFailed]) != 1 || len(got) != 1 {
		t.Fatalf("module statements %v: want one failed", verbCounts(got))
	}
	failed := got[verbFailed][0]
	checkMoveOn(t, failed, p.Registration.ID, true)
	if r := failed.Result; r.Success == nil || *r.Success || r.Score == nil || *r.Score.Scaled != 0.5 || r.Completion != nil {
		t.Fatalf("failed result %+v: want no success, the score 0.5, no completion", r)
	}
	if r := p.Registration; r.FailedAt == nil || r.CompletedAt != nil || !p.Failed {
		t.Fatalf("registration %+v, failed %v: want failed, not completed", r, p.Failed)
	}
}

// checkMoveOn checks what every statement about the module's completion
// carries, as cmi5 has it: the registration, the session, the moveOn
// category, a duration, the version completed, and the mastery score on
// passed and failed.
func checkMoveOn(t *testing.T, s xapi.Statement, reg string, judged bool) {
	t.Helper()
	var ext map[string]any
	must(t, json.Unmarshal(s.Context.Extensions, &ext))
	ca := s.Context.ContextActivities
	switch {
	case s.Context.Registration != reg:
		t.Errorf("%s: registration %s, want %s", s.Verb.ID, s.Context.Registration, reg)
	case ext[learning.SessionIDExtension] != learning.PublicSessionID("secret-session"):
		t.Errorf("%s: session id %v", s.Verb.ID, ext[learning.SessionIDExtension])
	case ext[learning.ModuleVersionExtension] != "1.2.0":
		t.Errorf("%s: module version %v, want 1.2.0", s.Verb.ID, ext[learning.ModuleVersionExtension])
	case ca == nil || len(ca.Category) != 1 || ca.Category[0].ID != learning.MoveOnCategory:
		t.Errorf("%s: categories %+v, want cmi5's moveOn", s.Verb.ID, ca)
	case s.Result == nil || s.Result.Duration == "":
		t.Errorf("%s: result %+v, want a duration", s.Verb.ID, s.Result)
	case judged && ext[learning.MasteryScoreExtension] != 0.8:
		t.Errorf("%s: mastery score %v, want 0.8", s.Verb.ID, ext[learning.MasteryScoreExtension])
	case !judged && ext[learning.MasteryScoreExtension] != nil:
		t.Errorf("%s: a mastery score, which only passed and failed carry", s.Verb.ID)
	}
}

func verbCounts(m map[string][]xapi.Statement) map[string]int {
	out := map[string]int{}
	for v, list := range m {
		out[v] = len(list)
	}
	return out
}

// rescoring passes calls to the real plugin host and changes the score
// of every result to scaled, as a quiz answered that well would report.
type rescoring struct {
	learning.ContentTypes
	scaled float64
}

func (r *rescoring) Handle(ctx context.Context, ct string, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	resp, err := r.ContentTypes.Handle(ctx, ct, req)
	if err == nil && resp.Result != nil && resp.Result.Score != nil {
		resp.Result.Score.Scaled = r.scaled
	}
	return resp, err
}

// A learner who completed a module stays completed when a later version
// adds a required step: their record and certificate rest on the version
// they completed, which the registration keeps. Their new step counts in
// the progress bar and records no second completion.
func TestCompletedSurvivesAnEdit(t *testing.T) {
	d, db, l := scoredDelivery(t, "sqlite")
	for _, object := range []string{"a", "b"} {
		_, err := d.Interact(t.Context(), learning.Interaction{
			LearnerID: l.ID, SessionID: "secret-session", ModuleID: "m1", ObjectID: object,
			Event: sdk.Event{Type: "ping", Data: json.RawMessage(`{}`)},
		})
		must(t, err)
	}
	edited := scoredModule()
	edited.Version = "1.3.0"
	edited.Objects = append(edited.Objects, learning.Object{ID: "c", Type: "echo", Title: "C", Required: true, Config: json.RawMessage(`{}`)})
	d.Modules = catalog{"m1": edited}
	p, err := d.Open(t.Context(), l.ID, "m1")
	must(t, err)
	if r := p.Registration; r.CompletedAt == nil || r.CompletedVersion != "1.2.0" || p.Satisfied != 2 || p.Required != 3 {
		t.Fatalf("after the edit: registration %+v, %d of %d; want completed in 1.2.0, 2 of 3", r, p.Satisfied, p.Required)
	}
	out, err := d.Interact(t.Context(), learning.Interaction{
		LearnerID: l.ID, SessionID: "secret-session", ModuleID: "m1", ObjectID: "c",
		Event: sdk.Event{Type: "ping", Data: json.RawMessage(`{}`)},
	})
	must(t, err)
	got := moduleStatements(t, db, p.Registration.ID)
	if out.ModuleCompleted || len(got[sdk.VerbCompleted.ID]) != 1 || len(got[verbPassed]) != 1 {
		t.Fatalf("completed again %v; module statements %v: want the first completion only", out.ModuleCompleted, verbCounts(got))
	}
}
