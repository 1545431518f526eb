// Package admin serves the admin area at /admin: sign-in for
// administrators (a session of its own, the lode_admin cookie, apart from
// learners'), the modules and whether each is published, the
// administrators, and the audit log. Rules live in engine/admin; this
// package is Echo's side of them.
package admin

import (
	"cmp"
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/feed"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/engine/storage"
)

// Catalog is the served modules, which publishing changes: module.Catalog.
type Catalog interface {
	learning.Modules
	Swap(mods []*learning.Module)
	Replace(m *learning.Module)
}

// Server is the admin area. Set its fields before Register; MaxUploadBytes
// and EmbedOrigins may stay empty.
type Server struct {
	Admins  *admin.Admins
	Catalog Catalog
	Limiter storage.Limiter
	// Credentials are the LRS's clients.
	Credentials *lrs.Credentials
	// Feeds are the subscriptions to other sites' feeds of open modules.
	Feeds *feed.Service
	// Install puts an uploaded package (a zip file's path) in the content
	// folder and returns its module, loaded from where it now lives.
	Install Installer
	// MaxUploadBytes bounds an uploaded package; 256 MiB when 0.
	MaxUploadBytes int64
	// EmbedOrigins is the configuration's embed_origins: the list every
	// module may be framed by until one is set in the admin area.
	EmbedOrigins []string
	// EmbedSites is the list in force, shared with the learner's side
	// (web.Server.EmbedSites); the admin area changes it.
	EmbedSites *learning.EmbedSites
	// Reload loads every module from the content folder, for Sync; nil:
	// Sync leaves the catalog's modules as they are.
	Reload func(ctx context.Context) []*learning.Module
	// Framework reads the site's competency framework, nil when it has
	// none; nil: the competency report says there is none.
	Framework func() (*learning.Framework, error)
	// SecureCookie marks lode_admin Secure: the site is served over https.
	SecureCookie bool
	// Editor and Content serve the module editor at /admin/editor; it is
	// left out when either is nil.
	Editor  *authoring.Editor
	Content ContentTypes
	// Player is the learner's side, which plays a draft in the editor as
	// learners will see it (/admin/editor/ID/try); nil: no such preview.
	Player *web.Server

	pages     pages
	published publication
	seen      atomic.Int64 // the last audit entry Sync acted on
	tries     tryouts
}

// Register adds the /admin routes.
func (s *Server) Register(e *echo.Echo) error {
	if s.Admins == nil || s.Catalog == nil || s.Limiter == nil || s.Credentials == nil || s.Install == nil || s.EmbedSites == nil || s.Feeds == nil {
		return errors.New("admin: Admins, Catalog, Limiter, Credentials, Install, EmbedSites and Feeds must be set")
	}
	p, err := parsePages()
	if err != nil {
		return err
	}
	s.pages = p
	s.published.hidden = map[string]*learning.Module{}
	e.GET("/admin/admin.css", s.handleCSS)
	e.GET("/admin/schemaform.css", asset("text/css; charset=utf-8", schemaform.CSS()))
	e.GET("/admin/schemaform.js", asset("text/javascript; charset=utf-8", schemaform.JS()))
	e.GET("/admin/signin", s.handleSignInPage)
	e.POST("/admin/signin", s.handleSignIn)
	g := e.Group("/admin", s.requireAdmin)
	s.allRoutes().AddTo(g)
	return nil
}

// everyRole are the admin area's routes that authors and reviewers reach
// too: the modules page (which sends them to the editor) and signing out.
// Every other route of routes() is for administrators.
var everyRole = map[string]bool{"": true, "/signout": true}

// allRoutes are the admin area's routes and, when set up, the editor's,
// each behind the least site-wide role it takes.
func (s *Server) allRoutes() lodehttp.RouteList {
	var out lodehttp.RouteList
	for _, r := range s.routes() {
		role := admin.RoleAdministrator
		if everyRole[r.Path] {
			role = admin.RoleAuthor
		}
		out = append(out, lodehttp.Route{Method: r.Method, Path: r.Path, Handler: needs(role, r.Handler)})
	}
	if s.Editor != nil && s.Content != nil {
		for _, r := range s.editorRoutes() {
			out = append(out, lodehttp.Route{Method: r.method, Path: r.path, Handler: needs(r.role, r.handler)})
		}
	}
	return out
}

// route is an editor route and the least site-wide role it takes; each
// handler checks the role on the module too.
type route struct {
	method, path string
	handler      echo.HandlerFunc
	role         admin.Role
}

// needs refuses, with 403, a signed-in person whose site-wide role is
// below role.
func needs(role admin.Role, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !session(c).Role.AtLeast(role) {
			return engine.Errorf(engine.EFORBIDDEN, "this page is for %ss; you are signed in as %s %s", role, article(session(c).Role), session(c).Role)
		}
		return next(c)
	}
}

func article(r admin.Role) string {
	if r == admin.RoleAdministrator || r == admin.RoleAuthor {
		return "an"
	}
	return "a"
}

// routes are every signed-in route, relative to /admin: Routes lists them
// for the test that walks each one.
func (s *Server) routes() lodehttp.RouteList {
	return lodehttp.RouteList{
		{Method: http.MethodGet, Path: "", Handler: s.handleModules},
		{Method: http.MethodPost, Path: "/signout", Handler: s.handleSignOut},
		{Method: http.MethodPost, Path: "/modules/:id/publish", Handler: s.handlePublish},
		{Method: http.MethodPost, Path: "/modules/:id/unpublish", Handler: s.handleUnpublish},
		{Method: http.MethodPost, Path: "/modules/import", Handler: s.handleImport},
		{Method: http.MethodGet, Path: "/embed", Handler: s.handleEmbed},
		{Method: http.MethodPost, Path: "/embed", Handler: s.handleSetEmbed},
		{Method: http.MethodPost, Path: "/embed/reset", Handler: s.handleResetEmbed},
		{Method: http.MethodGet, Path: "/lrs", Handler: s.handleLRSClients},
		{Method: http.MethodPost, Path: "/lrs", Handler: s.handleCreateLRSClient},
		{Method: http.MethodPost, Path: "/lrs/revoke", Handler: s.handleRevokeLRSClient},
		{Method: http.MethodGet, Path: "/tokens", Handler: s.handleTokens},
		{Method: http.MethodPost, Path: "/tokens", Handler: s.handleCreateToken},
		{Method: http.MethodPost, Path: "/tokens/revoke", Handler: s.handleRevokeToken},
		{Method: http.MethodGet, Path: "/administrators", Handler: s.handleAdministrators},
		{Method: http.MethodPost, Path: "/administrators", Handler: s.handleAddAdministrator},
		{Method: http.MethodPost, Path: "/administrators/remove", Handler: s.handleRemoveAdministrator},
		{Method: http.MethodGet, Path: "/feeds", Handler: s.handleFeeds},
		{Method: http.MethodPost, Path: "/feeds", Handler: s.handleSubscribe},
		{Method: http.MethodPost, Path: "/feeds/refresh", Handler: s.handleRefreshFeed},
		{Method: http.MethodPost, Path: "/feeds/import", Handler: s.handleImportEntry},
		{Method: http.MethodPost, Path: "/feeds/remove", Handler: s.handleUnsubscribe},
		{Method: http.MethodGet, Path: "/audit", Handler: s.handleAudit},
		{Method: http.MethodGet, Path: "/audit.csv", Handler: s.handleAuditCSV},
		{Method: http.MethodGet, Path: "/reports", Handler: s.handleReports},
		{Method: http.MethodGet, Path: "/reports/completions.csv", Handler: s.handleCompletionsCSV},
		{Method: http.MethodGet, Path: "/reports/modules/:id", Handler: s.handleModuleReport},
		{Method: http.MethodGet, Path: "/reports/modules/:id/statements.jsonl", Handler: s.handleModuleStatements},
		{Method: http.MethodGet, Path: "/reports/learners/:id", Handler: s.handleLearnerReport},
		{Method: http.MethodGet, Path: "/reports/competencies", Handler: s.handleCompetencyReport},
	}
}

// Routes lists the signed-in routes as "METHOD /admin/path", with :id
// parameters as written.
func (s *Server) Routes() []string {
	return s.allRoutes().Names("/admin")
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
			if err := s.readForm(c); err != nil {
				return err
			}
			// lode.js sends the token in a header, with a JSON body.
			token := cmp.Or(c.Request().Header.Get("X-CSRF-Token"), c.Request().PostFormValue("csrf_token"))
			if err := checkCSRF(sess, token); err != nil {
				return err
			}
		}
		c.Set(ctxSession, sess)
		return next(c)
	}
}

// readForm reads a POST's form, an upload included, up to MaxUploadBytes:
// only once the session is known, so that nobody signed out can make the
// server read a large body.
func (s *Server) readForm(c echo.Context) error {
	limit := cmp.Or(s.MaxUploadBytes, 256<<20)
	r := c.Request()
	r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
	err := r.ParseMultipartForm(1 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return engine.Errorf(engine.ETOOLARGE, "the request is larger than the %d MiB an upload may be", limit>>20)
	case err != nil:
		return engine.FieldError("body", "is not a form: %v", err)
	}
	return nil
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
