package admin

import (
	"cmp"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

func (s *Server) handleAdministrators(c echo.Context) error {
	return s.administratorsPage(c, http.StatusOK, nil)
}

// administratorsPage shows the list, and problem, if any, above it.
func (s *Server) administratorsPage(c echo.Context, status int, problem error) error {
	d := signedIn(c, "Administrators")
	if problem != nil {
		d.Error = engine.ErrorMessage(problem)
	}
	list, err := s.Admins.Store.Administrators(c.Request().Context())
	if err != nil {
		return err
	}
	d.Administrators = list
	return s.render(c, status, "administrators", d)
}

func (s *Server) handleAddAdministrator(c echo.Context) error {
	role, err := admin.ParseRole("role", cmp.Or(c.FormValue("role"), string(admin.RoleAdministrator)))
	if err == nil {
		_, err = s.Admins.CreateRole(c.Request().Context(), session(c).Email, c.FormValue("email"), c.FormValue("password"), role)
	}
	return s.afterChange(c, err)
}

func (s *Server) handleRemoveAdministrator(c echo.Context) error {
	err := s.Admins.Remove(c.Request().Context(), session(c).Email, c.FormValue("email"))
	return s.afterChange(c, err)
}

// afterChange goes back to the list, or shows it with the problem (a bad
// email, the last administrator) at the status it maps to.
func (s *Server) afterChange(c echo.Context, err error) error {
	switch engine.ErrorCode(err) {
	case "":
		return c.Redirect(http.StatusSeeOther, "/admin/administrators")
	case engine.EINVALID:
		return s.administratorsPage(c, http.StatusBadRequest, err)
	case engine.ECONFLICT:
		return s.administratorsPage(c, http.StatusConflict, err)
	case engine.ENOTFOUND:
		return s.administratorsPage(c, http.StatusNotFound, err)
	}
	return err
}
