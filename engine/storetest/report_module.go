package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// mustLearnerAt registers a learner with email for module.
func mustLearnerAt(t testing.TB, s Stores, email, module string) *learning.Registration {
	t.Helper()
	l := &learning.Learner{ID: "learner-" + newID(), Name: "Reader", Email: email}
	must(t, s.Learners.CreateLearner(t.Context(), l))
	r, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{ID: newID(), LearnerID: l.ID, ModuleID: module})
	must(t, err)
	return r
}

type moduleRows struct {
	Completed, Failed, Open int
	Objects                 map[string]int
	Scores                  []float64
}

func readModuleRows(t testing.TB, rep admin.Reports, f admin.ReportFilter) moduleRows {
	t.Helper()
	got := moduleRows{Objects: map[string]int{}}
	must(t, rep.ModuleRegistrations(t.Context(), f, func(r *admin.RegistrationSpan) error {
		switch {
		case r.CompletedAt != nil:
			got.Completed++
		case r.FailedAt != nil:
			got.Failed++
		default:
			got.Open++
		}
		return nil
	}))
	must(t, rep.ModuleResults(t.Context(), f, func(o *admin.ObjectResult) error {
		if o.Completed {
			got.Objects[o.ObjectID]++
		}
		if o.Scaled != nil {
			got.Scores = append(got.Scores, *o.Scaled)
		}
		return nil
	}))
	return got
}

func testModuleRows(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	s, rep := open(t)
	module := "module-" + newID()
	done := mustLearnerAt(t, s, "a@one.example", module)
	mustScore(t, s, done, "quiz", 0.8)
	mustEnd(t, s, done, learning.RegistrationEnd{At: now()})
	failed := mustLearnerAt(t, s, "b@two.example", module)
	mustScore(t, s, failed, "quiz", 0.3)
	mustEnd(t, s, failed, learning.RegistrationEnd{At: now(), Failed: true})
	midway := mustLearnerAt(t, s, "C@One.Example", module)
	must(t, s.Progress.RecordInteraction(t.Context(), &learning.ObjectState{RegistrationID: midway.ID, ObjectID: "intro", Completed: true}, nil))
	mustLearnerAt(t, s, "d@one.example", "module-"+newID()) // another module's

	for _, tc := range []struct {
		name string
		f    admin.ReportFilter
		want moduleRows
	}{
		{"All", admin.ReportFilter{ModuleID: module},
			moduleRows{1, 1, 1, map[string]int{"quiz": 2, "intro": 1}, []float64{0.3, 0.8}}},
		{"EmailDomainAnyCase", admin.ReportFilter{ModuleID: module, EmailDomain: "one.example"},
			moduleRows{1, 0, 1, map[string]int{"quiz": 1, "intro": 1}, []float64{0.8}}},
		{"StartedBefore", admin.ReportFilter{ModuleID: module, To: now().Add(-time.Hour)},
			moduleRows{0, 0, 0, map[string]int{}, nil}},
		{"StartedSince", admin.ReportFilter{ModuleID: module, From: now().Add(-time.Hour), EmailDomain: "two.example"},
			moduleRows{0, 1, 0, map[string]int{"quiz": 1}, []float64{0.3}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := readModuleRows(t, rep, tc.f)
			slices.Sort(got.Scores)
			sameJSON(t, "module rows", tc.want, got)
		})
	}
}

func testModuleStatements(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	s, rep := open(t)
	module := "module-" + newID()
	first, second := mustModuleRegistration(t, s, module), mustModuleRegistration(t, s, module)
	var want []string
	for i, r := range []*learning.Registration{first, second, first} {
		object := fmt.Sprintf("quiz-%d", i)
		stmt := newStatement(r, object)
		must(t, s.Progress.RecordInteraction(t.Context(), &learning.ObjectState{RegistrationID: r.ID, ObjectID: object}, []xapi.Statement{stmt}))
		want = append(want, stmt.ID)
	}
	other := mustRegistration(t, s)
	must(t, s.Progress.RecordInteraction(t.Context(), &learning.ObjectState{RegistrationID: other.ID, ObjectID: "quiz-1"}, []xapi.Statement{newStatement(other, "quiz-1")}))
	var got []string
	must(t, rep.ModuleStatements(t.Context(), module, func(raw json.RawMessage) error {
		var st xapi.Statement
		if err := json.Unmarshal(raw, &st); err != nil {
			t.Fatalf("not a statement: %v: %s", err, raw)
		}
		got = append(got, st.ID)
		return nil
	}))
	if !slices.Equal(got, want) {
		t.Fatalf("statements %v, want %v: the module's, in the order stored", got, want)
	}
}

// testModuleResultsTogether checks that a registration's results come
// together, with its id, however they were recorded: the funnel follows
// one registration at a time.
func testModuleResultsTogether(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	s, rep := open(t)
	module := "module-" + newID()
	a, b := mustModuleRegistration(t, s, module), mustModuleRegistration(t, s, module)
	for _, object := range []string{"intro", "quiz", "end"} {
		for _, r := range []*learning.Registration{a, b} {
			must(t, s.Progress.RecordInteraction(t.Context(), &learning.ObjectState{RegistrationID: r.ID, ObjectID: object, Completed: true}, nil))
		}
	}
	var seen []string
	must(t, rep.ModuleResults(t.Context(), admin.ReportFilter{ModuleID: module}, func(o *admin.ObjectResult) error {
		if len(seen) == 0 || seen[len(seen)-1] != o.RegistrationID {
			seen = append(seen, o.RegistrationID)
		}
		return nil
	}))
	if len(seen) != 2 || !slices.Contains(seen, a.ID) || !slices.Contains(seen, b.ID) {
		t.Fatalf("registrations in the order their results came %v, want %s's and %s's each together", seen, a.ID, b.ID)
	}
}
