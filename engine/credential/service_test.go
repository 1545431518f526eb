package credential_test

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/sqlite"
)

type oneModule struct{ m *learning.Module }

func (o oneModule) Module(id string) (*learning.Module, error) {
	if id != o.m.ID {
		return nil, engine.Errorf(engine.ENOTFOUND, "there is no module %q", id)
	}
	return o.m, nil
}

func (o oneModule) Modules() []*learning.Module { return []*learning.Module{o.m} }

// mustService is a Service over a fresh SQLite database, and a learner
// registered for its one module.
func mustService(t *testing.T) (*credential.Service, *learning.Learner, *learning.Registration) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(t.TempDir(), "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	m := &learning.Module{ID: "m1", Title: "Reference interviews", Version: "2.0.0", CEHours: 0.75}
	l := &learning.Learner{ID: "learner-1"}
	if err := db.CreateLearner(t.Context(), l); err != nil {
		t.Fatal(err)
	}
	r, err := db.EnsureRegistration(t.Context(), &learning.Registration{LearnerID: l.ID, ModuleID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	return &credential.Service{Store: db, Learners: db, Progress: db, Modules: oneModule{m}, Issuer: testIssuer(t)}, l, r
}

func TestIssue(t *testing.T) {
	s, l, r := mustService(t)
	ctx := t.Context()
	if _, err := s.Issue(ctx, l.ID, "m1"); !errors.Is(err, credential.ErrNotCompleted) {
		t.Fatalf("before completion: %v, want ErrNotCompleted", err)
	}
	if _, err := s.Issue(ctx, "", "m1"); !errors.Is(err, credential.ErrNotCompleted) {
		t.Fatalf("for nobody: %v, want ErrNotCompleted", err)
	}
	done := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	// Completed in 1.4.0; the module has since been edited to 2.0.0: the
	// certificate names the version the learner completed.
	if _, err := s.Progress.CompleteRegistration(ctx, r.ID, learning.RegistrationEnd{At: done, Version: "1.4.0"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Issue(ctx, l.ID, "m1"); !errors.Is(err, credential.ErrNoName) || engine.ErrorCode(err) != engine.EINVALID {
		t.Fatalf("without a name: %v, want EINVALID ErrNoName", err)
	}
	l.Name = "  Zoë Ñúñez "
	if err := s.Learners.UpdateLearner(ctx, l); err != nil {
		t.Fatal(err)
	}
	const n = 12
	got := make([]*credential.Certificate, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i], errs[i] = s.Issue(ctx, l.ID, "m1") })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || got[i].Code != got[0].Code {
			t.Fatalf("call %d: %v, %+v; want the certificate of call 0, %s", i, errs[i], got[i], got[0].Code)
		}
	}
	c := got[0]
	if c.LearnerName != "Zoë Ñúñez" || c.ModuleVersion != "1.4.0" || c.CEHours != 0.75 || !c.CompletedAt.Equal(done) {
		t.Errorf("certificate %+v", c)
	}
	if mine, err := s.Mine(ctx, l.ID, c.Code); err != nil || mine.Code != c.Code {
		t.Errorf("Mine for its learner: %v", err)
	}
	for _, other := range []string{"learner-2", ""} {
		if _, err := s.Mine(ctx, other, c.Code); engine.ErrorCode(err) != engine.ENOTFOUND {
			t.Errorf("Mine for %q: %v, want ENOTFOUND", other, err)
		}
	}
	if _, err := s.Verify(ctx, "nonsense"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Errorf("Verify of a malformed code: %v, want ENOTFOUND", err)
	}
}
