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
	"github.com/lode-elearning/lode/engine/feed"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
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

	pages     pages
	published publication
	seen      atomic.Int64 // the last audit entry Sync acted on
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
		{http.MethodPost, "/modules/import", s.handleImport},
		{http.MethodGet, "/embed", s.handleEmbed},
		{http.MethodPost, "/embed", s.handleSetEmbed},
		{http.MethodPost, "/embed/reset", s.handleResetEmbed},
		{http.MethodGet, "/lrs", s.handleLRSClients},
		{http.MethodPost, "/lrs", s.handleCreateLRSClient},
		{http.MethodPost, "/lrs/revoke", s.handleRevokeLRSClient},
		{http.MethodGet, "/administrators", s.handleAdministrators},
		{http.MethodPost, "/administrators", s.handleAddAdministrator},
		{http.MethodPost, "/administrators/remove", s.handleRemoveAdministrator},
		{http.MethodGet, "/feeds", s.handleFeeds},
		{http.MethodPost, "/feeds", s.handleSubscribe},
		{http.MethodPost, "/feeds/refresh", s.handleRefreshFeed},
		{http.MethodPost, "/feeds/import", s.handleImportEntry},
		{http.MethodPost, "/feeds/remove", s.handleUnsubscribe},
		{http.MethodGet, "/audit", s.handleAudit},
		{http.MethodGet, "/audit.csv", s.handleAuditCSV},
		{http.MethodGet, "/reports", s.handleReports},
		{http.MethodGet, "/reports/completions.csv", s.handleCompletionsCSV},
		{http.MethodGet, "/reports/modules/:id", s.handleModuleReport},
		{http.MethodGet, "/reports/modules/:id/statements.jsonl", s.handleModuleStatements},
		{http.MethodGet, "/reports/learners/:id", s.handleLearnerReport},
		{http.MethodGet, "/reports/competencies", s.handleCompetencyReport},
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
			if err := s.readForm(c); err != nil {
				return err
			}
			if err := checkCSRF(sess, c.Request().PostFormValue("csrf_token")); err != nil {
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
