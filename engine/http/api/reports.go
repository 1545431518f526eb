package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

// handleModules lists every module, published or not: an unpublished
// module's learners are still reported on.
func (s *Server) handleModules(c echo.Context) error {
	out := struct {
		Modules []moduleJSON `json:"modules"`
	}{Modules: []moduleJSON{}}
	for _, m := range s.Modules.ModuleStates() {
		out.Modules = append(out.Modules, newModuleJSON(m.Module, m.Published))
	}
	return c.JSON(http.StatusOK, out)
}

// handleModuleReport is the module report page's figures, from the same
// builder (admin.BuildModuleReport).
func (s *Server) handleModuleReport(c echo.Context) error {
	m, published, err := s.module(c.Param("id"))
	if err != nil {
		return err
	}
	f, err := admin.ParseReportFilter(m.ID, c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("domain"))
	if err != nil {
		return err
	}
	r, err := admin.BuildModuleReport(c.Request().Context(), s.Admins.Store, m, f)
	if err != nil {
		return err
	}
	typed := filterJSON{From: c.QueryParam("from"), To: c.QueryParam("to"), Domain: f.EmailDomain}
	return c.JSON(http.StatusOK, newModuleReportJSON(newModuleJSON(m, published), typed, r, m.Objects))
}

// module is a module by id, published or not, and whether it is
// published; ENOTFOUND if there is none.
func (s *Server) module(id string) (*learning.Module, bool, error) {
	for _, m := range s.Modules.ModuleStates() {
		if m.ID == id {
			return m.Module, m.Published, nil
		}
	}
	return nil, false, engine.Errorf(engine.ENOTFOUND, "no module %q", id)
}

func (s *Server) handleLearner(c echo.Context) error {
	r, err := s.Admins.Store.LearnerReport(c.Request().Context(), c.Param("id"))
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return engine.Errorf(engine.ENOTFOUND, "no learner %q", c.Param("id"))
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newLearnerReportJSON(r))
}
