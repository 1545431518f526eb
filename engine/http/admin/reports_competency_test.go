package admin_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/learning"
)

// The competency report groups completions under each competency a
// module names (in module.yaml or an object's) and every area above it,
// counting a completion once per row; modules naming none are listed.
func TestCompetencyReport(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	s.signIn(t, c, "ada@library.example", password)

	resp, doc := get(t, c, s.URL+"/admin/reports/competencies")
	if resp.StatusCode != http.StatusOK || !strings.Contains(doc.Text(), "no competency framework") {
		t.Fatalf("without a framework: %d %q", resp.StatusCode, doc.Find("main").Text())
	}

	interview := &learning.Competency{ID: "reference.interview", Title: "Conducts the reference interview", Depth: 1}
	rights := &learning.Competency{ID: "rights.copyright", Title: "Explains copyright", Depth: 1}
	fw := &learning.Framework{ID: "https://library.example/competencies", Title: "Library competencies", Competencies: []*learning.Competency{
		{ID: "reference", Title: "Reference", Children: []*learning.Competency{interview}},
		{ID: "rights", Title: "Rights", Children: []*learning.Competency{rights}},
		{ID: "privacy", Title: "Privacy"},
	}}
	s.server.Framework = func() (*learning.Framework, error) { return fw, nil }
	s.catalog.Swap([]*learning.Module{
		{ID: "copyright", Title: "Copyright basics", Version: "2", Competencies: []string{"rights.copyright"},
			Objects: []learning.Object{{ID: "q", Competencies: []string{"reference.interview", "rights.copyright"}}}},
		{ID: "reference", Title: "Reference interviews", Version: "1", Competencies: []string{"reference.interview"}},
		{ID: "untagged", Title: "Untagged", Version: "1", Competencies: []string{"not.in.framework"}},
	})
	march := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	s.mustCompletion(t, "zoe", "Zoe", "copyright", march, credential.NewCode()) // 1.5 CE hours
	s.mustCompletion(t, "ben", "Ben", "reference", march.AddDate(0, 1, 0), "")
	s.mustCompletion(t, "ann", "Ann", "untagged", march, "")

	want := map[string]string{ // competency → modules | completions | learners | CE hours
		"reference":           "Copyright basics, Reference interviews|2|2|1.5",
		"reference.interview": "Copyright basics, Reference interviews|2|2|1.5",
		"rights":              "Copyright basics|1|1|1.5",
		"rights.copyright":    "Copyright basics|1|1|1.5",
		"privacy":             "none|0|0|0",
	}
	check := func(query string, want map[string]string) {
		t.Helper()
		resp, doc := get(t, c, s.URL+"/admin/reports/competencies"+query)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", query, resp.StatusCode)
		}
		got := map[string]string{}
		doc.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
			id := strings.Trim(tr.Find("th small").Text(), "()")
			var cells []string
			tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
			got[id] = strings.Join(cells, "|")
		})
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: %s reads %q, want %q", query, id, got[id], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: rows %v", query, got)
		}
		if !strings.Contains(doc.Find("main").Text(), "Untagged (untagged)") {
			t.Errorf("%s: the module that names no competency of the framework is not listed", query)
		}
	}
	check("", want)
	check("?from=2026-04-01", map[string]string{
		"reference": "Copyright basics, Reference interviews|1|1|0", "reference.interview": "Copyright basics, Reference interviews|1|1|0",
		"rights": "Copyright basics|0|0|0", "rights.copyright": "Copyright basics|0|0|0", "privacy": "none|0|0|0",
	})
	check("?domain=other.example", map[string]string{
		"reference": "Copyright basics, Reference interviews|0|0|0", "reference.interview": "Copyright basics, Reference interviews|0|0|0",
		"rights": "Copyright basics|0|0|0", "rights.copyright": "Copyright basics|0|0|0", "privacy": "none|0|0|0",
	})
	if resp, _ := get(t, c, s.URL+"/admin/reports/competencies?domain=not%20a%20domain"); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad domain: status %d, want 400", resp.StatusCode)
	}
}
