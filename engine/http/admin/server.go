// Package admin serves the admin area at /admin: sign-in for
// administrators (a session of its own, the lode_admin cookie, apart from
// learners'), the modules and whether each is published, the
// administrators, and the audit log. Rules live in engine/admin; this
// package is Echo's side of them.
package admin

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storage"
)

// Catalog is the served modules, which publishing changes: module.Catalog.
type Catalog interface {
	learning.Modules
	Swap(mods []*learning.Module)
	Replace(m *learning.Module)
}

// Server is the admin area. Set every field but Log before Register.
type Server struct {
	Admins  *admin.Admins
	Catalog Catalog
	Limiter storage.Limiter
	// SecureCookie marks lode_admin Secure: the site is served over https.
	SecureCookie bool
	Log          *slog.Logger

	pages     pages
	published publication
}

// Register adds the /admin routes.
func (s *Server) Register(e *echo.Echo) error {
	if s.Admins == nil || s.Catalog == nil || s.Limiter == nil {
		return errors.New("admin: Admins, Catalog and Limiter must be set")
	}
	p, err := parsePages()
	if err != nil {
		return err
	}
	s.pages = p
	s.published.hidden = map[string]*learning.Module{}
	e.GET("/admin/signin", s.handleSignInPage)
	e.POST("/admin/signin", s.handleSignIn)
	g := e.Group("/admin", s.requireAdmin)
	for _, r := range s.routes() {
		g.Add(r.method, r.path, r.handler)
	}
	return nil
}

type route struct {
	method, path string
	handler      echo.HandlerFunc
}

// routes are every signed-in route, relative to /admin: Routes lists them
// for the test that walks each one.
func (s *Server) routes() []route {
	return []route{
		{http.MethodGet, "", s.handleModules},
		{http.MethodPost, "/signout", s.handleSignOut},
		{http.MethodPost, "/modules/:id/publish", s.handlePublish},
		{http.MethodPost, "/modules/:id/unpublish", s.handleUnpublish},
		{http.MethodGet, "/administrators", s.handleAdministrators},
		{http.MethodPost, "/administrators", s.handleAddAdministrator},
		{http.MethodPost, "/administrators/remove", s.handleRemoveAdministrator},
		{http.MethodGet, "/audit", s.handleAudit},
		{http.MethodGet, "/audit.csv", s.handleAuditCSV},
	}
}

// Routes lists the signed-in routes as "METHOD /admin/path", with :id
// parameters as written.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.routes() {
		out = append(out, r.method+" /admin"+r.path)
	}
	return out
}

const cookieName = "lode_admin"
const ctxSession = "lode.admin.session"

// requireAdmin lets through requests with a live lode_admin session, and
// checks the CSRF token of every POST. Pages send anyone else to sign in;
// other requests get 401.
func (s *Server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		token := ""
		if ck, err := c.Cookie(cookieName); err == nil {
			token = ck.Value
		}
		sess, err := s.Admins.Session(c.Request().Context(), token)
		if engine.ErrorCode(err) == engine.EUNAUTHORIZED && c.Request().Method == http.MethodGet {
			return c.Redirect(http.StatusSeeOther, "/admin/signin")
		} else if err != nil {
			return err
		}
		if c.Request().Method == http.MethodPost {
			if err := checkCSRF(sess, c.FormValue("csrf_token")); err != nil {
				return err
			}
		}
		c.Set(ctxSession, sess)
		return next(c)
	}
}

func checkCSRF(sess *admin.Session, token string) error {
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRFToken)) != 1 {
		return engine.Errorf(engine.EFORBIDDEN, "csrf_token: missing or out of date; reload the page and try again")
	}
	return nil
}

func session(c echo.Context) *admin.Session { return c.Get(ctxSession).(*admin.Session) }

// limit counts one event under key; ETOOMANY once more than events per
// per have been counted.
func (s *Server) limit(ctx context.Context, key string, events int, per time.Duration, what string) error {
	wait, err := s.Limiter.Allow(ctx, key, events, per)
	if err != nil || wait <= 0 {
		return err
	}
	return engine.TooMany(wait, "too many sign-in attempts %s; try again in %s", what, wait.Round(time.Second))
}
