package admin_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

func TestModuleReport(t *testing.T) {
	mod := &learning.Module{ID: "m1", Objects: []learning.Object{{ID: "intro", Title: "Intro"}, {ID: "quiz", Title: "Quiz"}, {ID: "end", Title: "End"}}}
	r := admin.NewModuleReport(mod)
	monday := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday
	at := func(days, hours int) *time.Time {
		v := monday.AddDate(0, 0, days).Add(time.Duration(hours) * time.Hour)
		return &v
	}
	r.AddRegistration(&admin.RegistrationSpan{StartedAt: monday, CompletedAt: at(0, 1)})  // 1 h, week of Mar 2
	r.AddRegistration(&admin.RegistrationSpan{StartedAt: monday, CompletedAt: at(6, 0)})  // Sunday: still that week
	r.AddRegistration(&admin.RegistrationSpan{StartedAt: monday, CompletedAt: at(14, 0)}) // two weeks on; none between
	r.AddRegistration(&admin.RegistrationSpan{StartedAt: monday, CompletedAt: at(0, 3)})
	r.AddRegistration(&admin.RegistrationSpan{StartedAt: monday, FailedAt: at(1, 0)})
	r.AddRegistration(&admin.RegistrationSpan{StartedAt: monday})
	score := func(v float64) *float64 { return &v }
	for _, o := range []admin.ObjectResult{
		{RegistrationID: "a", ObjectID: "intro", Completed: true}, {RegistrationID: "b", ObjectID: "intro", Completed: true},
		{ObjectID: "quiz", Completed: true, Scaled: score(0)}, {ObjectID: "quiz", Scaled: score(0.95)},
		{ObjectID: "quiz", Completed: true, Scaled: score(1)}, {ObjectID: "quiz", Scaled: score(0.5)},
		{ObjectID: "gone", Completed: true, Scaled: score(0.5)}, // no longer in the module
	} {
		r.AddResult(&o, mod)
	}
	r.Finish()

	if r.Started != 6 || r.Completed != 4 || r.Failed != 1 || r.InProgress != 1 {
		t.Errorf("counts %d started, %d completed, %d failed, %d in progress", r.Started, r.Completed, r.Failed, r.InProgress)
	}
	wantWeeks := []admin.Count{{Label: "2026-03-02", N: 3}, {Label: "2026-03-09", N: 0}, {Label: "2026-03-16", N: 1}}
	if !reflect.DeepEqual(r.Weeks, wantWeeks) {
		t.Errorf("weeks %+v, want %+v", r.Weeks, wantWeeks)
	}
	if want := []admin.Count{{"Intro", 2}, {"Quiz", 2}, {"End", 0}}; !reflect.DeepEqual(r.Steps, want) {
		t.Errorf("steps %+v, want %+v", r.Steps, want)
	}
	// 1 h, 3 h, 6 days and 14 days: an even count, so halfway between 3 h and 6 days
	if want := (3*time.Hour + 6*24*time.Hour) / 2; r.Median != want {
		t.Errorf("median %s, want %s", r.Median, want)
	}
	if len(r.Scores) != 1 || r.Scores[0].ObjectID != "quiz" || r.Scores[0].N != [10]int{0: 1, 5: 1, 9: 2} {
		t.Errorf("scores %+v, want the quiz's alone: one in the first band, one in the sixth, two in the last", r.Scores)
	}
}

func TestModuleReportFunnel(t *testing.T) {
	mod := &learning.Module{ID: "m1", Objects: []learning.Object{{ID: "intro", Title: "Intro", Required: true},
		{ID: "poll", Title: "Poll"}, {ID: "quiz", Title: "Quiz", Required: true}, {ID: "end", Title: "End", Required: true}}}
	r := admin.NewModuleReport(mod)
	for range 5 {
		r.AddRegistration(&admin.RegistrationSpan{StartedAt: time.Now()})
	}
	for _, o := range []admin.ObjectResult{
		{RegistrationID: "a", ObjectID: "intro", Completed: true}, {RegistrationID: "a", ObjectID: "quiz", Completed: true},
		{RegistrationID: "a", ObjectID: "end", Completed: true},
		{RegistrationID: "b", ObjectID: "intro", Completed: true}, {RegistrationID: "b", ObjectID: "quiz"}, // opened the quiz, stopped there
		{RegistrationID: "c", ObjectID: "quiz", Completed: true}, {RegistrationID: "c", ObjectID: "end", Completed: true}, // skipped the intro
		{RegistrationID: "d", ObjectID: "intro", Completed: true}, {RegistrationID: "d", ObjectID: "poll", Completed: true},
		{RegistrationID: "d", ObjectID: "quiz", Completed: true},
		// e started and has no result yet
	} {
		r.AddResult(&o, mod)
	}
	r.Finish()
	want := []admin.FunnelStep{{"Started the module", 5, 0}, {"Intro", 3, 2}, {"Quiz", 2, 1}, {"End", 1, 1}}
	if !reflect.DeepEqual(r.Funnel, want) {
		t.Errorf("funnel %+v, want %+v: the required steps in order, the optional poll left out", r.Funnel, want)
	}
}
