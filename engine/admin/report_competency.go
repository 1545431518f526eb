package admin

import (
	"context"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/engine/learning"
)

// CompetencyReport is completions grouped by the site's competency
// framework: under each competency, the modules that name it or any
// competency below it (in module.yaml, for the module or one of its
// objects), and who completed them.
type CompetencyReport struct {
	Framework *learning.Framework
	Rows      []CompetencyRow // the framework's competencies, depth first
	// Untagged are the modules that name no competency of the framework:
	// their completions are in no row.
	Untagged []*learning.Module
}

// CompetencyRow is one competency and what was completed under it. A
// completion counts once in a row even when its module names several
// competencies below it.
type CompetencyRow struct {
	*learning.Competency
	Modules     []*learning.Module
	Completions int
	Learners    int     // distinct learners with at least one completion
	CEHours     float64 // from the certificates issued for those completions
}

// BuildCompetencyReport reads the completions f selects (by completion
// date, and email domain) and groups them by competency. Memory grows with
// the learners per competency, not with the completions.
func BuildCompetencyReport(ctx context.Context, store Reports, fw *learning.Framework, mods []*learning.Module, f ReportFilter) (*CompetencyReport, error) {
	r := &CompetencyReport{Framework: fw}
	index := map[string]int{}     // competency id → row
	parent := map[string]string{} // competency id → its parent's
	fw.Walk(func(c *learning.Competency) {
		index[c.ID] = len(r.Rows)
		r.Rows = append(r.Rows, CompetencyRow{Competency: c})
		for _, child := range c.Children {
			parent[child.ID] = c.ID
		}
	})
	rowsOf := map[string][]int{} // module id → the rows its completions count in
	for _, m := range mods {
		var rows []int
		for _, id := range m.AllCompetencies() {
			for ; id != ""; id = parent[id] { // the competency and every area above it
				if i, ok := index[id]; ok && !slices.Contains(rows, i) {
					rows = append(rows, i)
				}
			}
		}
		if len(rows) == 0 {
			r.Untagged = append(r.Untagged, m)
			continue
		}
		rowsOf[m.ID] = rows
		for _, i := range rows {
			r.Rows[i].Modules = append(r.Rows[i].Modules, m)
		}
	}
	learners := make([]map[string]bool, len(r.Rows))
	err := store.Completions(ctx, CompletionFilter{From: f.From, To: f.To}, func(c *Completion) error {
		if f.EmailDomain != "" && !strings.HasSuffix(strings.ToLower(c.LearnerEmail), "@"+f.EmailDomain) {
			return nil
		}
		for _, i := range rowsOf[c.ModuleID] {
			row := &r.Rows[i]
			row.Completions++
			row.CEHours += c.CEHours
			if learners[i] == nil {
				learners[i] = map[string]bool{}
			}
			learners[i][c.LearnerID] = true
		}
		return nil
	})
	for i := range r.Rows {
		r.Rows[i].Learners = len(learners[i])
	}
	return r, err
}
