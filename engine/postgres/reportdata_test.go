package postgres

import (
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/storetest"
)

// TestGenerateReportData checks the benchmark's data set at a tenth of its
// size: exactly the statements asked for, a registration per learner, a
// certificate per completion, and a module report that reads it.
func TestGenerateReportData(t *testing.T) {
	db := mustOwnDB(t, "lode_reportdata_")
	raw := db.db.DB
	set, err := storetest.GenerateReportData(t.Context(), raw, 100, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{
		`SELECT count(*) FROM statements`:                                    10_000,
		`SELECT count(*) FROM learners`:                                      100,
		`SELECT count(*) FROM registrations`:                                 100,
		`SELECT count(*) FROM registrations WHERE completed_at IS NOT NULL`:  set.Completed,
		`SELECT count(*) FROM certificates`:                                  set.Completed,
		`SELECT count(*) FROM registrations WHERE failed_at IS NOT NULL`:     set.Failed,
		`SELECT count(DISTINCT registration) FROM statements`:                100,
		`SELECT count(*) FROM statements WHERE statement->>'id' <> id::text`: 0,
	} {
		var n int
		if err := raw.QueryRowContext(t.Context(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s: %d, want %d", q, n, want)
		}
	}
	if set.Completed == 0 || set.Failed == 0 || set.Completed+set.Failed == 100 {
		t.Errorf("%+v: want some learners completed, some failed, some in progress", set)
	}
	questions := 0
	err = db.ModuleAnswers(t.Context(), admin.ReportFilter{ModuleID: storetest.SampleModule().ID}, func(q *admin.AnsweredQuestion) error {
		questions++
		return nil
	})
	if err != nil || questions != 5 {
		t.Fatalf("%d questions answered (%v), want the sample quiz's 5", questions, err)
	}
}
