// Package api serves the admin area's reports as JSON at /api/v1, for
// integration (an LMS, a state library's registry). Callers authenticate
// with an API token (Authorization: Bearer lode_pat_...); an admin
// session's cookie does not, so no request here can be forged from a
// browser and no CSRF token is needed. The reports are built by the same
// functions in engine/admin as the HTML pages; docs/openapi.yaml
// describes every route, and a test holds the two together.
package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	lodehttp "github.com/lode-elearning/lode/engine/http"
)

// Modules is every module reported on, published or not: the admin
// area's (engine/http/admin.Server), which knows which are unpublished.
type Modules interface {
	// ModuleStates returns every module, by id.
	ModuleStates() []admin.ModuleState
}

// Server is the JSON API. Set its fields before Register.
type Server struct {
	Admins  *admin.Admins
	Modules Modules
}

// Prefix is where the API is served.
const Prefix = "/api/v1"

// Register adds the /api/v1 routes.
func (s *Server) Register(e *echo.Echo) error {
	if s.Admins == nil || s.Modules == nil {
		return errors.New("api: Admins and Modules must be set")
	}
	g := e.Group(Prefix, s.requireToken)
	s.routes().AddTo(g)
	return nil
}

func (s *Server) routes() lodehttp.RouteList {
	return lodehttp.RouteList{
		{Method: http.MethodGet, Path: "/modules", Handler: s.handleModules},
		{Method: http.MethodGet, Path: "/modules/:id/report", Handler: s.handleModuleReport},
		{Method: http.MethodGet, Path: "/modules/:id/statements", Handler: s.handleModuleStatements},
		{Method: http.MethodGet, Path: "/learners/:id", Handler: s.handleLearner},
		{Method: http.MethodGet, Path: "/completions", Handler: s.handleCompletions},
	}
}

// Routes lists the routes as "METHOD /api/v1/path", with :id parameters
// as written, for the tests that walk each one.
func (s *Server) Routes() []string {
	return s.routes().Names(Prefix)
}

// requireToken lets through requests with a live API token. A refusal
// carries the Bearer challenge RFC 6750 asks for; the JSON body comes
// from the one error handler, like every other error's.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		secret, ok := bearer(c.Request().Header.Get("Authorization"))
		if !ok {
			h.Set("WWW-Authenticate", `Bearer realm="lode"`)
			return engine.Errorf(engine.EUNAUTHORIZED, "send an API token: Authorization: Bearer %s...", admin.TokenPrefix)
		}
		if _, err := s.Admins.Authenticate(c.Request().Context(), secret); err != nil {
			if engine.ErrorCode(err) == engine.EUNAUTHORIZED {
				h.Set("WWW-Authenticate", `Bearer realm="lode", error="invalid_token"`)
			}
			return err
		}
		return next(c)
	}
}

// bearer is the token of an Authorization header of the Bearer scheme,
// whose name is case-insensitive (RFC 7235).
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}
