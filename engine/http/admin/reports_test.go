package admin_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/learning"
)

// mustCompletion stores a learner who completed module at done, with a
// certificate when code is set.
func (s *site) mustCompletion(t *testing.T, id, name, module string, done time.Time, code string) {
	t.Helper()
	ctx := t.Context()
	if err := s.db.CreateLearner(ctx, &learning.Learner{ID: id, Name: name, Email: id + "@library.example"}); err != nil {
		t.Fatal(err)
	}
	r, err := s.db.EnsureRegistration(ctx, &learning.Registration{ID: uuid.NewString(), LearnerID: id, ModuleID: module})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.CompleteRegistration(ctx, r.ID, learning.RegistrationEnd{At: done, Version: "2"}, nil); err != nil {
		t.Fatal(err)
	}
	if code == "" {
		return
	}
	if _, err := s.db.IssueCertificate(ctx, &credential.Certificate{Code: code, RegistrationID: r.ID, LearnerID: id, LearnerName: name,
		ModuleID: module, ModuleTitle: module, ModuleVersion: "2", CEHours: 1.5, CompletedAt: done, IssuedAt: done}); err != nil {
		t.Fatal(err)
	}
}

func getCSV(t *testing.T, c *http.Client, u string) (int, [][]string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	records, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, records
}

func TestCompletionsCSV(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	s.signIn(t, c, "ada@library.example", password)
	march := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	code := credential.NewCode()
	s.mustCompletion(t, "zoe", "=HYPERLINK(\"http://evil\")", "copyright", march, code)
	s.mustCompletion(t, "ben", "Ben Reader", "reference", march.AddDate(0, 1, 0), "")

	_, all := getCSV(t, c, s.URL+"/admin/reports/completions.csv")
	want := [][]string{
		{"learner_id", "name", "email", "module", "version", "completed_at", "score", "ce_hours", "certificate_code"},
		{"zoe", `'=HYPERLINK("http://evil")`, "zoe@library.example", "copyright", "2", "2026-03-10T09:30:00.000000Z", "", "1.5", code},
		{"ben", "Ben Reader", "ben@library.example", "reference", "2", "2026-04-10T09:30:00.000000Z", "", "", ""},
	}
	if len(all) != 3 || !slices.EqualFunc(all, want, slices.Equal[[]string]) {
		t.Fatalf("CSV\n%q\nwant\n%q", all, want)
	}
	t.Run("Filters", func(t *testing.T) {
		for q, rows := range map[string][][]string{
			"?module=reference":                 {want[0], want[2]},
			"?from=2026-03-01&to=2026-03-10":    {want[0], want[1]},
			"?from=2026-03-11":                  {want[0], want[2]},
			"?to=2026-03-09":                    {want[0]},
			"?module=copyright&from=2026-04-01": {want[0]},
		} {
			if _, got := getCSV(t, c, s.URL+"/admin/reports/completions.csv"+q); !slices.EqualFunc(got, rows, slices.Equal[[]string]) {
				t.Errorf("%s: %q, want %q", q, got, rows)
			}
		}
	})
	t.Run("BadFilter", func(t *testing.T) {
		for _, q := range []string{"?from=yesterday", "?to=2026-13-01", "?from=2026-03-02&to=2026-03-01"} {
			if status, _ := getCSV(t, c, s.URL+"/admin/reports/completions.csv"+q); status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", q, status)
			}
		}
	})
}
