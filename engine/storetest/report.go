package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

// TestReports runs the contract of admin.Reports. open returns stores
// over one database, which other tests may share: each subtest reads
// only its own module.
func TestReports(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	t.Run("Completions", func(t *testing.T) { t.Parallel(); testCompletions(t, open) })
	t.Run("CompletionsStop", func(t *testing.T) { t.Parallel(); testCompletionsStop(t, open) })
	t.Run("ModuleRows", func(t *testing.T) { t.Parallel(); testModuleRows(t, open) })
	t.Run("ModuleStatements", func(t *testing.T) { t.Parallel(); testModuleStatements(t, open) })
	t.Run("ModuleResultsTogether", func(t *testing.T) { t.Parallel(); testModuleResultsTogether(t, open) })
	t.Run("ModuleAnswers", func(t *testing.T) { t.Parallel(); testModuleAnswers(t, open) })
	t.Run("LearnerReport", func(t *testing.T) { t.Parallel(); testLearnerReport(t, open) })
}

// mustModuleRegistration registers a new learner for module.
func mustModuleRegistration(t testing.TB, s Stores, module string) *learning.Registration {
	t.Helper()
	l := mustLearner(t, s)
	r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{ID: newID(), LearnerID: l.ID, ModuleID: module})
	must(t, err)
	return r
}

func mustEnd(t testing.TB, s Stores, r *learning.Registration, end learning.RegistrationEnd) {
	t.Helper()
	if _, err := s.Progress.CompleteRegistration(t.Context(), r.ID, end, nil); err != nil {
		t.Fatal(err)
	}
}

func mustScore(t testing.TB, s Stores, r *learning.Registration, object string, scaled float64) {
	t.Helper()
	must(t, s.Progress.RecordInteraction(t.Context(), &learning.ObjectState{RegistrationID: r.ID, ObjectID: object, Completed: true, Scaled: &scaled}, nil))
}

func collect(t testing.TB, rep admin.Reports, f admin.CompletionFilter) []admin.Completion {
	t.Helper()
	var out []admin.Completion
	must(t, rep.Completions(t.Context(), f, func(c *admin.Completion) error { out = append(out, *c); return nil }))
	return out
}

func testCompletions(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	s, rep := open(t)
	module := "module-" + newID()
	day := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

	first := mustModuleRegistration(t, s, module)
	mustScore(t, s, first, "quiz-1", 0.9)
	mustScore(t, s, first, "quiz-2", 0.75)
	mustEnd(t, s, first, learning.RegistrationEnd{At: day, Version: "1.0.0"})
	cert := newCertificate(&learning.Registration{ID: first.ID, LearnerID: first.LearnerID, ModuleID: module, CompletedAt: &day}, day)
	_, err := s.Certificates.IssueCertificate(t.Context(), cert)
	must(t, err)

	second := mustModuleRegistration(t, s, module)
	mustEnd(t, s, second, learning.RegistrationEnd{At: day.AddDate(0, 0, 2), Version: "1.1.0"})
	mustModuleRegistration(t, s, module) // started, never ended
	failed := mustModuleRegistration(t, s, module)
	mustEnd(t, s, failed, learning.RegistrationEnd{At: day, Failed: true})
	other := mustModuleRegistration(t, s, "module-"+newID())
	mustEnd(t, s, other, learning.RegistrationEnd{At: day})

	all := collect(t, rep, admin.CompletionFilter{ModuleID: module})
	score := 0.75
	want := []admin.Completion{
		{LearnerID: first.LearnerID, LearnerName: "Ada Reader", LearnerEmail: "ada@library.example", ModuleID: module,
			Version: "1.0.0", CompletedAt: day, Score: &score, CEHours: 1.5, CertificateCode: cert.Code},
		{LearnerID: second.LearnerID, LearnerName: "Ada Reader", LearnerEmail: "ada@library.example", ModuleID: module,
			Version: "1.1.0", CompletedAt: day.AddDate(0, 0, 2)},
	}
	sameJSON(t, "completions of the module, oldest first, without the unfinished and the failed", want, all)

	t.Run("DateRange", func(t *testing.T) {
		f := admin.CompletionFilter{ModuleID: module, From: day.AddDate(0, 0, 1), To: day.AddDate(0, 0, 3)}
		sameJSON(t, "from is included, to is not", want[1:], collect(t, rep, f))
		f = admin.CompletionFilter{ModuleID: module, From: day, To: day.AddDate(0, 0, 2)}
		sameJSON(t, "to excludes its own instant", want[:1], collect(t, rep, f))
	})
	t.Run("EveryModule", func(t *testing.T) {
		seen := map[string]bool{}
		for _, c := range collect(t, rep, admin.CompletionFilter{From: day, To: day.AddDate(0, 0, 3)}) {
			seen[c.ModuleID] = true
		}
		if !seen[module] || !seen[other.ModuleID] {
			t.Fatalf("modules seen %v, want both %s and %s", seen, module, other.ModuleID)
		}
	})
}

func testCompletionsStop(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	s, rep := open(t)
	module := "module-" + newID()
	for range 3 {
		mustEnd(t, s, mustModuleRegistration(t, s, module), learning.RegistrationEnd{At: now()})
	}
	stop := errors.New("enough")
	n := 0
	err := rep.Completions(t.Context(), admin.CompletionFilter{ModuleID: module}, func(*admin.Completion) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("got %v after %d rows, want the callback's error after the first", err, n)
	}
}
