package admin_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// mustLearnerIn registers a learner with email for module, records each
// object's result and a statement for each, and ends the registration
// unless end is zero.
func (s *site) mustLearnerIn(t *testing.T, email, module string, results map[string]float64, end learning.RegistrationEnd) []string {
	t.Helper()
	ctx := t.Context()
	id := "learner-" + uuid.NewString()
	if err := s.db.CreateLearner(ctx, &learning.Learner{ID: id, Name: "Reader", Email: email}); err != nil {
		t.Fatal(err)
	}
	r, err := s.db.EnsureRegistration(ctx, &learning.Registration{ID: uuid.NewString(), LearnerID: id, ModuleID: module})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for object, scaled := range results {
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: object, Completed: scaled >= 0.5}
		if object != "intro" {
			st.Scaled = &scaled
		}
		stmt := statementAbout(r, object)
		if err := s.db.RecordInteraction(ctx, st, []xapi.Statement{stmt}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, stmt.ID)
	}
	if !end.At.IsZero() {
		if _, err := s.db.CompleteRegistration(ctx, r.ID, end, nil); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func statementAbout(r *learning.Registration, object string) xapi.Statement {
	at := time.Now().UTC()
	return xapi.Statement{ID: uuid.NewString(), Version: string(xapi.V103), Timestamp: &at, Stored: &at,
		Actor:   xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: "http://lode.example", Name: r.LearnerID}},
		Verb:    xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered"},
		Object:  xapi.Object{ObjectType: "Activity", ID: "http://lode.example/modules/" + r.ModuleID + "/objects/" + object},
		Context: &xapi.Context{Registration: r.ID},
	}
}

// reportSite is the test site with "copyright" given three steps and
// three learners: one completed, one midway, one (at another domain)
// failed.
func reportSite(t *testing.T) (*site, *http.Client, []string) {
	s := mustSite(t)
	s.catalog.Replace(&learning.Module{ID: "copyright", Title: "Copyright basics", Version: "2", Objects: []learning.Object{
		{ID: "intro", Title: "Introduction"}, {ID: "quiz", Title: "Fair use quiz"}, {ID: "end", Title: "Summary"}}})
	c := s.client(t)
	s.signIn(t, c, "ada@library.example", password)
	now := time.Now().UTC()
	ids := s.mustLearnerIn(t, "a@library.example", "copyright", map[string]float64{"intro": 1, "quiz": 0.85}, learning.RegistrationEnd{At: now})
	ids = append(ids, s.mustLearnerIn(t, "b@library.example", "copyright", map[string]float64{"intro": 1}, learning.RegistrationEnd{})...)
	ids = append(ids, s.mustLearnerIn(t, "c@other.example", "copyright", map[string]float64{"intro": 1, "quiz": 0.2}, learning.RegistrationEnd{At: now, Failed: true})...)
	s.mustLearnerIn(t, "d@library.example", "reference", map[string]float64{"intro": 1}, learning.RegistrationEnd{At: now})
	return s, c, ids
}

// rows reads a table's body as label → value, by its caption.
func rows(t *testing.T, doc *goquery.Document, caption string) map[string]string {
	t.Helper()
	table := doc.Find("table").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Find("caption").Text() == caption })
	if table.Length() != 1 {
		t.Fatalf("no table captioned %q", caption)
	}
	out := map[string]string{}
	table.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		out[tr.Find("th").Text()] = tr.Find("td").Text()
	})
	return out
}

func TestModuleReport(t *testing.T) {
	s, c, _ := reportSite(t)
	resp, doc := get(t, c, s.URL+"/admin/reports/modules/copyright")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	counts := doc.Find("table").First().Find("tbody td").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if strings.Join(counts[:4], " ") != "3 1 1 1" {
		t.Errorf("started, in progress, completed, failed: %v, want 3 1 1 1", counts)
	}
	steps := rows(t, doc, "Learners who completed each step, in the module's order")
	if steps["Introduction"] != "3" || steps["Fair use quiz"] != "1" || steps["Summary"] != "0" {
		t.Errorf("steps %v", steps)
	}
	t.Run("Funnel", func(t *testing.T) {
		funnel := rows(t, doc, "Learners who completed each required step and every one before it")
		// learners, then how many stopped there (no step is required, so every step counts)
		want := map[string]string{"Started the module": "3–", "Introduction": "30", "Fair use quiz": "12", "Summary": "01"}
		if !reflect.DeepEqual(funnel, want) {
			t.Errorf("funnel %v, want %v", funnel, want)
		}
	})
	scores := rows(t, doc, "Scores on Fair use quiz")
	if scores["80–90%"] != "1" || scores["20–30%"] != "1" || scores["0–10%"] != "0" {
		t.Errorf("score bands %v", scores)
	}
	t.Run("ChartsAreLabelledImagesWithTheirTable", func(t *testing.T) {
		charts := doc.Find("svg")
		if charts.Length() != 4 {
			t.Fatalf("%d charts, want weeks, the funnel, steps and one quiz", charts.Length())
		}
		charts.Each(func(_ int, svg *goquery.Selection) {
			id, _ := svg.Attr("aria-labelledby")
			title := svg.Find("title#" + id).Text()
			role, _ := svg.Attr("role")
			caption := svg.Closest("figure").Next().Find("table caption").Text()
			if role != "img" || title == "" || caption != title {
				t.Errorf("chart role %q, title %q, table after it %q", role, title, caption)
			}
		})
	})
	t.Run("EmailDomain", func(t *testing.T) {
		_, doc := get(t, c, s.URL+"/admin/reports/modules/copyright?domain=@Other.example")
		counts := doc.Find("table").First().Find("tbody td").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if strings.Join(counts[:4], " ") != "1 0 0 1" {
			t.Errorf("other.example: %v, want 1 0 0 1", counts)
		}
	})
	t.Run("Questions", func(t *testing.T) {
		r, err := s.db.FindRegistration(t.Context(), firstLearner(t, s), "copyright")
		if err != nil {
			t.Fatal(err)
		}
		for i, ok := range []bool{true, false, false} {
			stmt := statementAbout(r, "quiz/questions/q1")
			stmt.Result = &xapi.Result{Success: &ok, Response: "b"}
			st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: fmt.Sprintf("attempt-%d", i)}
			if err := s.db.RecordInteraction(t.Context(), st, []xapi.Statement{stmt}); err != nil {
				t.Fatal(err)
			}
		}
		_, doc := get(t, c, s.URL+"/admin/reports/modules/copyright")
		q := rows(t, doc, "How each question was answered (every attempt counts)")
		if got := q["http://lode.example/modules/copyright/objects/quiz/questions/q1"]; got != "333%b (2)" {
			t.Errorf("questions %v, want q1 answered 3 times, 33%% correct, b chosen wrongly twice", q)
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		for q, want := range map[string]int{
			"copyright?domain=not a domain": http.StatusBadRequest,
			"copyright?from=2026-31-01":     http.StatusBadRequest,
			"nonesuch":                      http.StatusNotFound,
			"nonesuch/statements.jsonl":     http.StatusNotFound,
		} {
			if resp, _ := get(t, c, s.URL+"/admin/reports/modules/"+strings.ReplaceAll(q, " ", "%20")); resp.StatusCode != want {
				t.Errorf("%s: status %d, want %d", q, resp.StatusCode, want)
			}
		}
	})
}

func TestModuleStatementsJSONL(t *testing.T) {
	s, c, ids := reportSite(t)
	resp, err := c.Get(s.URL + "/admin/reports/modules/copyright/statements.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var got []string
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() {
		var st xapi.Statement
		if err := json.Unmarshal(lines.Bytes(), &st); err != nil {
			t.Fatalf("line %d is not a statement: %v", len(got)+1, err)
		}
		got = append(got, st.ID)
	}
	if strings.Join(got, " ") != strings.Join(ids, " ") {
		t.Fatalf("statements %v, want the module's, in the order stored: %v", got, ids)
	}
}

// firstLearner is the id of the learner at a@library.example.
func firstLearner(t *testing.T, s *site) string {
	t.Helper()
	var id string
	err := s.db.Completions(t.Context(), admin.CompletionFilter{ModuleID: "copyright"}, func(c *admin.Completion) error {
		id = c.LearnerID
		return nil
	})
	if err != nil || id == "" {
		t.Fatalf("no completion of copyright: %v", err)
	}
	return id
}
