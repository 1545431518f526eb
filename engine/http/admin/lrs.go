package admin

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

func (s *Server) handleLRSClients(c echo.Context) error {
	return s.lrsPage(c, http.StatusOK, signedIn(c, "LRS credentials"))
}

func (s *Server) lrsPage(c echo.Context, status int, d pageData) error {
	list, err := s.Credentials.List(c.Request().Context())
	if err != nil {
		return err
	}
	d.Clients, d.Scopes = list, lrs.Scopes
	return s.render(c, status, "lrs", d)
}

// handleCreateLRSClient shows the new client's secret on the page that
// answers the POST, this once: it is stored only as a hash. The audit
// entry follows the client's own write (lrs.Credentials keeps it).
func (s *Server) handleCreateLRSClient(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return engine.FieldError("body", "is not a form: %v", err)
	}
	cl, secret, err := s.Credentials.Create(c.Request().Context(), strings.TrimSpace(form.Get("label")), form["scope"])
	d := signedIn(c, "LRS credentials")
	if engine.ErrorCode(err) == engine.EINVALID {
		d.Error = engine.ErrorMessage(err)
		return s.lrsPage(c, http.StatusBadRequest, d)
	} else if err != nil {
		return err
	}
	details := map[string]string{"label": cl.Label, "scopes": strings.Join(cl.Scopes, " ")}
	if err := s.Admins.Audit(c.Request().Context(), session(c).Email, "lrs.create", cl.Key, details); err != nil {
		return err
	}
	d.NewClient, d.Secret = cl, secret
	return s.lrsPage(c, http.StatusCreated, d)
}

func (s *Server) handleRevokeLRSClient(c echo.Context) error {
	key := c.FormValue("key")
	if err := s.Credentials.Revoke(c.Request().Context(), key); err != nil {
		return err
	}
	if err := s.Admins.Audit(c.Request().Context(), session(c).Email, "lrs.revoke", key, nil); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/lrs")
}
