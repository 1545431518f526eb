package admin

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

// competencyReport is what the competency report's template reads.
type competencyReport struct {
	From, To, Domain string // the filter as typed, to fill the form again
	Report           *admin.CompetencyReport
}

// handleCompetencyReport groups completions by the site's competency
// framework, read afresh each time so that an edited competencies.yaml
// shows without a restart.
func (s *Server) handleCompetencyReport(c echo.Context) error {
	from, to, domain := c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("domain")
	f, err := admin.ParseReportFilter("", from, to, domain)
	if err != nil {
		return err
	}
	d := signedIn(c, "Report: competencies")
	d.CompetencyReport = &competencyReport{From: from, To: to, Domain: domain}
	if s.Framework == nil {
		return s.render(c, http.StatusOK, "report_competencies", d)
	}
	fw, err := s.Framework()
	if err != nil {
		return err
	}
	if fw == nil {
		return s.render(c, http.StatusOK, "report_competencies", d)
	}
	var mods []*learning.Module
	for _, row := range s.ModuleStates() {
		mods = append(mods, row.Module)
	}
	d.CompetencyReport.Report, err = admin.BuildCompetencyReport(c.Request().Context(), s.Admins.Store, fw, mods, f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "report_competencies", d)
}
