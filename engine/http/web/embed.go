package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// embedPage is an object in a frame on another site: the object, a
// compact progress line, and in module mode Previous and Next; no site
// header and no step list.
type embedPage struct {
	objectPage
	ModuleMode bool
	Bearer     string   // for lode-frame.js: see embed_session.go
	Origins    string   // the sites the frame may post messages to, space-separated
	ActivityID string   // the object's xAPI activity id, in the frame's events
	OpenURL    string   // the same object on Lode itself, to open outside the frame
	PrevURL    string   // module mode: the embed URL of the step before
	NextURL    string   // and after
	Refused    string   // why the frame shows nothing (a refused launch token)
	Anonymous  bool     // a visitor: their first answer makes them an anonymous learner
	Identity   string   // what lode-frame.js does about the host page's handle: see identityAsk
	Handles    string   // an anonymous learner's handles, for the host page to keep: see pageHandles
	origins    []string // who may frame the response
}

func (s *Server) registerEmbed(e *echo.Echo) {
	e.GET("/embed/modules/:id", s.handleEmbedModule)
	e.POST("/embed/modules/:id", s.handleEmbedModule) // the pager, with the bearer: see embedSession
	e.GET("/embed/modules/:id/objects/:oid", s.handleEmbedObject)
	e.POST("/embed/modules/:id/objects/:oid", s.handleEmbedObject) // the host page's handle: see embed_handle.go
	e.GET("/oembed", s.handleOEmbed)
	e.GET("/embed.js", s.handleEmbedScript)
	e.POST("/api/embed/resume-code", s.handleEmbedResumeCode, s.apiSession)
}

// handleEmbedResumeCode gives the frame's learner (a visitor becomes one)
// a resume code to continue on Lode or in another browser; shown once.
func (s *Server) handleEmbedResumeCode(c echo.Context) error {
	sess := session(c)
	if err := checkCSRF(sess, c.Request().Header.Get("X-CSRF-Token")); err != nil {
		return err
	}
	sess, err := s.asLearner(c, sess)
	if err != nil {
		return err
	}
	code, err := s.Accounts.NewResumeCode(c.Request().Context(), sess.LearnerID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]string{"code": code, "signin_url": s.Config.BaseURL + "/signin"})
}

// handleEmbedScript serves lode-embed.js, the optional script of pages
// that embed Lode, at an address that does not change with its content,
// since site editors paste it: cached for an hour, revalidated by ETag.
func (s *Server) handleEmbedScript(c echo.Context) error {
	u, _ := s.static.url("lode-embed.js")
	f := s.static.files[strings.TrimPrefix(u, "/assets/")]
	h := c.Response().Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("ETag", `"`+contentHash(f.data)+`"`)
	h.Set("Cross-Origin-Resource-Policy", "cross-origin") // loaded by other sites' pages
	http.ServeContent(c.Response(), c.Request(), "", time.Time{}, bytes.NewReader(f.data))
	return nil
}

// handleEmbedObject renders GET /embed/modules/:id/objects/:oid.
func (s *Server) handleEmbedObject(c echo.Context) error {
	return s.embed(c, c.Param("oid"), false)
}

// handleEmbedModule renders GET /embed/modules/:id: the step ?object
// names, or the one the learner was last on.
func (s *Server) handleEmbedModule(c echo.Context) error {
	return s.embed(c, c.QueryParam("object"), true)
}

func (s *Server) embed(c echo.Context, objectID string, moduleMode bool) error {
	m, err := s.module(c.Param("id"))
	if err != nil { // shown in the frame of any site the server lets embed
		sites := s.EmbedSites.List()
		allowFraming(c, sites)
		return s.refuseEmbed(c, nil, sites, err)
	}
	allowed := s.embedOrigins(m)
	allowFraming(c, allowed) // errors below are shown in the frame
	if objectID != "" && m.ObjectIndex(objectID) < 0 {
		return s.refuseEmbed(c, m, allowed, engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", m.ID, objectID))
	}
	if err := s.embedder(c, allowed); err != nil { // before a launch starts a session
		return s.refuseEmbed(c, m, allowed, err)
	}
	sess, claims, err := s.embedSession(c, allowed)
	if err != nil {
		return s.refuseEmbed(c, m, allowed, err)
	}
	if claims != nil {
		allowed = []string{claims.Origin} // this launch is for that site alone
		allowFraming(c, allowed)
	}
	c.Set(ctxSession, sess)
	p, err := s.open(c, m.ID)
	if err != nil {
		return err
	}
	if objectID == "" {
		objectID = resumeObject(p)
	}
	page, status, err := s.newEmbedPage(c, p, objectID, moduleMode)
	if err != nil {
		return err
	}
	page.origins, page.Origins = allowed, strings.Join(allowed, " ")
	page.Handles = s.pageHandles(c, session(c), allowed)
	return s.renderNoStore(c, status, "embed", page) // it holds the bearer
}

// resumeObject is where a learner resumes a module.
func resumeObject(p *learning.ModuleProgress) string {
	oid := p.Module.Objects[0].ID
	if p.Registration != nil && p.Module.ObjectIndex(p.Registration.CurrentObject) >= 0 {
		oid = p.Registration.CurrentObject
	}
	return oid
}

func (s *Server) newEmbedPage(c echo.Context, p *learning.ModuleProgress, objectID string, moduleMode bool) (embedPage, int, error) {
	ctx := c.Request().Context()
	m := p.Module
	o := &m.Objects[m.ObjectIndex(objectID)]
	page := embedPage{ModuleMode: moduleMode, ActivityID: s.Delivery.ObjectActivityID(m, o), OpenURL: s.Config.BaseURL + objectURL(m.ID, o.ID)}
	status := http.StatusOK
	view, err := s.Delivery.View(ctx, p, objectID, moduleLang(m))
	var assets []*pluginAsset
	if err == nil {
		assets, err = s.pluginAssetsFor(ctx, view.ContentType, view.Assets)
	}
	switch {
	case err == nil:
		page.objectPage = s.newObjectPage(c, view.Progress, view.Object)
		page.HTML, page.ClientState = template.HTML(view.HTML), clientState(view.ClientState)
		for _, a := range assets {
			page.addAsset(a)
		}
	case engine.ErrorCode(err) == engine.EUNAVAILABLE:
		page.objectPage = s.newObjectPage(c, p, o)
		page.Unavailable, status = sentence(engine.ErrorMessage(err)), http.StatusServiceUnavailable
	default:
		return page, 0, err
	}
	sess := session(c)
	page.Bearer, page.Anonymous = s.embedBearer(sess, time.Now()), visiting(sess)
	page.Identity = identityAsk(c, page.Anonymous)
	if page.Prev != nil {
		page.PrevURL = embedModuleURL(m.ID, page.Prev.ID)
	}
	if page.Next != nil {
		page.NextURL = embedModuleURL(m.ID, page.Next.ID)
	}
	return page, status, nil
}

// embedRefusals are the errors an embed page shows in the frame, in the
// embed layout, with their status: the site's error page would show the
// site's header there. Others (5xx) go to the server's error handler,
// which logs them.
var embedRefusals = map[string]int{
	engine.EUNAUTHORIZED: http.StatusUnauthorized,
	engine.EFORBIDDEN:    http.StatusForbidden,
	engine.EINVALID:      http.StatusBadRequest,
	engine.ENOTFOUND:     http.StatusNotFound,
}

// refuseEmbed shows in the frame why a launch was refused, or what was
// not found, and what to do. m is nil when the module was not found.
func (s *Server) refuseEmbed(c echo.Context, m *learning.Module, allowed []string, err error) error {
	code := engine.ErrorCode(err)
	status, ok := embedRefusals[code]
	if !ok {
		return err
	}
	lang := ""
	if m != nil {
		lang = moduleLang(m)
	}
	if code != engine.ENOTFOUND {
		s.log().Info("embed launch refused", "path", c.Request().URL.Path, "reason", engine.ErrorMessage(err))
	}
	page := embedPage{Refused: sentence(engine.ErrorMessage(err)), origins: allowed}
	page.objectPage = objectPage{layout: s.layout(c, "Cannot show this activity", lang), Module: m}
	return s.renderNoStore(c, status, "embed", page)
}

func embedModuleURL(moduleID, objectID string) string {
	return "/embed/modules/" + url.PathEscape(moduleID) + "?object=" + url.QueryEscape(objectID)
}
