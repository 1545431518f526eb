package admin

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

// moduleReport is what the module report's template reads.
type moduleReport struct {
	Module           *learning.Module
	From, To, Domain string // the filter as typed, to fill the form again
	Report           *admin.ModuleReport
	Median           string
	Weeks, Steps     barChart
	Funnel           barChart
	Scores           []barChart
}

// handleModuleReport shows a module's report (admin.BuildModuleReport)
// as charts with their tables.
func (s *Server) handleModuleReport(c echo.Context) error {
	m, err := s.anyModule(c.Param("id"))
	if err != nil {
		return err
	}
	from, to, domain := c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("domain")
	f, err := admin.ParseReportFilter(m.ID, from, to, domain)
	if err != nil {
		return err
	}
	r, err := admin.BuildModuleReport(c.Request().Context(), s.Admins.Store, m, f)
	if err != nil {
		return err
	}
	d := signedIn(c, "Report: "+m.Title)
	d.ModuleReport = &moduleReport{Module: m, From: from, To: to, Domain: domain, Report: r, Median: humanDuration(r.Median),
		Weeks:  newBarChart("weeks", "Completions per week", "Week from Monday", "Completions", r.Weeks),
		Steps:  newBarChart("steps", "Learners who completed each step, in the module's order", "Step", "Learners", r.Steps),
		Funnel: newFunnelChart(r.Funnel)}
	for i, q := range r.Scores {
		d.ModuleReport.Scores = append(d.ModuleReport.Scores,
			newBarChart(fmt.Sprintf("scores-%d", i), "Scores on "+q.Title, "Score", "Learners", decileCounts(q)))
	}
	return s.render(c, http.StatusOK, "report_module", d)
}

// anyModule is a module by id, published or not; ENOTFOUND otherwise.
func (s *Server) anyModule(id string) (*learning.Module, error) {
	if m, err := s.Catalog.Module(id); err == nil {
		return m, nil
	}
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	if m, ok := s.published.hidden[id]; ok {
		return m, nil
	}
	return nil, engine.Errorf(engine.ENOTFOUND, "no module %q", id)
}

func decileCounts(d admin.Deciles) []admin.Count {
	out := make([]admin.Count, len(d.N))
	for i, n := range d.N {
		out[i] = admin.Count{Label: fmt.Sprintf("%d–%d%%", i*10, i*10+10), N: n}
	}
	return out
}

// humanDuration reads as a person would say it: days and hours, or hours
// and minutes.
func humanDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d >= 24*time.Hour:
		return fmt.Sprintf("%d days %d h", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%d h %d min", d/time.Hour, d%time.Hour/time.Minute)
	}
	return fmt.Sprintf("%d min", max(d/time.Minute, 1))
}

// handleModuleStatements streams a module's statements, one JSON object
// a line, as the store reads them.
func (s *Server) handleModuleStatements(c echo.Context) error {
	m, err := s.anyModule(c.Param("id"))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", "application/x-ndjson")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lode-statements-%s.jsonl"`, m.ID))
	c.Response().WriteHeader(http.StatusOK)
	w := bufio.NewWriter(c.Response())
	err = s.Admins.Store.ModuleStatements(c.Request().Context(), m.ID, func(raw json.RawMessage) error {
		if _, err := w.Write(raw); err != nil {
			return err
		}
		return w.WriteByte('\n')
	})
	if err != nil {
		return err // the status is sent: handleError logs it
	}
	return w.Flush()
}
