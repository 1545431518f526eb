package admin

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/admin"
)

// learnerReport is what the learner report's template reads.
type learnerReport struct {
	*admin.LearnerReport
	Titles map[string]string // module id → title, for the modules still loaded
}

func (s *Server) handleLearnerReport(c echo.Context) error {
	r, err := s.Admins.Store.LearnerReport(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	d := signedIn(c, "Learner: "+r.Learner.ID)
	d.LearnerReport = &learnerReport{LearnerReport: r, Titles: map[string]string{}}
	for _, m := range s.ModuleStates() {
		d.LearnerReport.Titles[m.ID] = m.Title
	}
	return s.render(c, http.StatusOK, "report_learner", d)
}
