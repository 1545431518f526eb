package admin

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

func (s *Server) handleTokens(c echo.Context) error {
	return s.tokensPage(c, http.StatusOK, signedIn(c, "API tokens"))
}

func (s *Server) tokensPage(c echo.Context, status int, d pageData) error {
	list, err := s.Admins.Store.Tokens(c.Request().Context())
	if err != nil {
		return err
	}
	d.Tokens = list
	return s.render(c, status, "tokens", d)
}

// handleCreateToken shows the new token on the page that answers the
// POST, this once: it is stored only as a hash. The store writes the
// audit entry with the token.
func (s *Server) handleCreateToken(c echo.Context) error {
	t, secret, err := s.createToken(c)
	d := signedIn(c, "API tokens")
	if engine.ErrorCode(err) == engine.EINVALID {
		d.Error = engine.ErrorMessage(err)
		return s.tokensPage(c, http.StatusBadRequest, d)
	} else if err != nil {
		return err
	}
	d.NewToken, d.Secret = t, secret
	return s.tokensPage(c, http.StatusCreated, d)
}

// createToken makes the token the form asks for.
func (s *Server) createToken(c echo.Context) (*admin.Token, string, error) {
	days, err := strconv.Atoi(c.FormValue("expires_days"))
	if err != nil {
		return nil, "", engine.FieldError("expires_days", "%q is not a number of days", c.FormValue("expires_days"))
	}
	return s.Admins.CreateToken(c.Request().Context(), session(c).Email, c.FormValue("name"), days)
}

func (s *Server) handleRevokeToken(c echo.Context) error {
	if err := s.Admins.RevokeToken(c.Request().Context(), session(c).Email, c.FormValue("id")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/tokens")
}
