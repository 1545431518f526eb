package web

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// objectPage is one learning object inside its module's frame.
type objectPage struct {
	layout
	Module      *learning.Module
	ModuleURL   string
	Object      *learning.Object
	ObjectURL   string
	Step        int // position, from 1
	Steps       []step
	Progress    progressJSON
	Prev, Next  *step
	Done        bool // show the completion notice
	StepsDone   int
	SummaryURL  string
	HTML        template.HTML
	ClientState string
	// Unavailable replaces the object when its content type is down; the
	// rest of the page still works.
	Unavailable string
	// ContentLang is the module's language where it is not the page's (a
	// language Lode does not ship): the module's words are marked with it.
	ContentLang string
	// Locked, when set, is the step to finish before this one opens: the
	// page says so in place of the object.
	Locked *step
	// Endpoint is where lode.js sends the object's events when not to
	// /api/modules/...: a draft's tryout (Tryout).
	Endpoint string
}

// handleObject renders GET /modules/:id/objects/:oid.
func (s *Server) handleObject(c echo.Context) error {
	m, err := s.module(c.Param("id"))
	if err != nil {
		return err
	}
	if m.ObjectIndex(c.Param("oid")) < 0 {
		// Checked before Open, so that a mistyped link registers no one.
		return engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", m.ID, c.Param("oid"))
	}
	p, err := s.open(c, m.ID)
	if err != nil {
		return err
	}
	return s.objectPage(c, p, c.Param("oid"), false)
}

// handleResume renders GET /modules/:id: the object the learner was last on.
func (s *Server) handleResume(c echo.Context) error {
	m, err := s.module(c.Param("id"))
	if err != nil {
		return err
	}
	p, err := s.open(c, m.ID)
	if err != nil {
		return err
	}
	oid := p.Module.Objects[0].ID // where a visitor starts
	if p.Registration != nil {
		oid = p.Registration.CurrentObject
	}
	if p.Module.ObjectIndex(oid) < 0 {
		oid = p.Module.Objects[0].ID // the object was removed in a new version of the module
	}
	if b := p.Blocker(oid); b != nil {
		oid = b.ID // the module became linear since: resume where it lets the learner
	}
	return s.objectPage(c, p, oid, true)
}

// open is where the learner stands in a module, registering them on their
// first visit; a visitor sees the module unstarted, and nothing is written.
func (s *Server) open(c echo.Context, moduleID string) (*learning.ModuleProgress, error) {
	sess := session(c)
	if visiting(sess) {
		return s.Delivery.Unstarted(moduleID)
	}
	return s.Delivery.Open(c.Request().Context(), sess.LearnerID, moduleID)
}

// visitorMayAnswer refuses a visitor's answer to a step that is locked
// for someone who has not started, before it makes them a learner: a
// locked step records nothing, not even who tried. A learner's answer is
// checked by Delivery.Interact.
func visitorMayAnswer(sess *learning.Session, m *learning.Module, objectID string) error {
	if !visiting(sess) {
		return nil
	}
	return (&learning.ModuleProgress{Module: m}).CheckOpen(objectID)
}

// module returns a module that has objects: one without would have nothing
// to show or resume.
func (s *Server) module(id string) (*learning.Module, error) {
	m, err := s.Delivery.Modules.Module(id)
	if err != nil {
		return nil, err
	}
	if len(m.Objects) == 0 {
		return nil, engine.Errorf(engine.ENOTFOUND, "module %q has no objects yet", id)
	}
	return m, nil
}

// objectPage renders an object with the module's steps and progress around
// it, reading the learner's progress (p) once.
func (s *Server) objectPage(c echo.Context, p *learning.ModuleProgress, objectID string, resumed bool) error {
	page, status, err := s.objectPageData(c, p, objectID)
	if err != nil {
		return err
	}
	if resumed {
		page.Canonical = s.Config.BaseURL + objectURL(p.Module.ID, objectID)
	}
	return s.render(c, status, "object", page)
}

// objectPageData is the object page and its status: the object, the
// frame around it while its content type is restarting (503), or the
// step's lock (403).
func (s *Server) objectPageData(c echo.Context, p *learning.ModuleProgress, objectID string) (objectPage, int, error) {
	ctx := c.Request().Context()
	m := p.Module
	if b := p.Blocker(objectID); b != nil {
		return s.lockedPage(c, p, objectID, b), http.StatusForbidden, nil
	}
	view, err := s.Delivery.View(ctx, p, objectID, moduleLang(m))
	var assets []*pluginAsset
	if err == nil {
		assets, err = s.pluginAssetsFor(ctx, view.ContentType, view.Assets)
	}
	status := http.StatusOK
	var page objectPage
	switch {
	case err == nil:
		page = s.newObjectPage(c, view.Progress, view.Object)
		page.HTML, page.ClientState = template.HTML(view.HTML), clientState(view.ClientState)
		for _, a := range assets {
			page.addAsset(a)
		}
	case engine.ErrorCode(err) == engine.EUNAVAILABLE && m.ObjectIndex(objectID) >= 0:
		// The content type is restarting: show everything but the object,
		// so the learner can move on or try again in a moment.
		page = s.newObjectPage(c, p, &m.Objects[m.ObjectIndex(objectID)])
		page.Unavailable, status = sentence(engine.ErrorMessage(err)), http.StatusServiceUnavailable
		if page.loc != s.catalog.Default() {
			page.Unavailable = errorExplained(page.loc, status) // the engine's message is English
		}
	default:
		return objectPage{}, 0, err
	}
	return page, status, nil
}

func (s *Server) newObjectPage(c echo.Context, p *learning.ModuleProgress, o *learning.Object) objectPage {
	m := p.Module
	i := m.ObjectIndex(o.ID)
	l := s.layout(c, o.Title+" – "+m.Title, moduleLang(m))
	page := objectPage{
		layout: l, Module: m, ModuleURL: moduleURL(m.ID), Object: o, ObjectURL: objectURL(m.ID, o.ID), Step: i + 1,
		Steps: steps(l.loc, p, o.ID), Progress: newProgressJSON(p), Done: moduleDone(p),
		SummaryURL: summaryURL(m.ID), ClientState: "null",
	}
	page.StepsDone = stepsDone(page.Steps)
	if m.Language != "" && m.Language != l.Lang {
		page.ContentLang = m.Language
	}
	if i > 0 {
		page.Prev = &page.Steps[i-1]
	}
	if i+1 < len(page.Steps) {
		page.Next = &page.Steps[i+1]
	} else {
		page.Next = &step{Title: l.loc.T("step.summary"), URL: page.SummaryURL} // after the last step
	}
	return page
}

// lockedPage answers for a step the module's sequencing keeps closed: the
// frame of the step, with what to finish first and a link to it in place
// of the object. Nothing is rendered or remembered as the place to resume.
func (s *Server) lockedPage(c echo.Context, p *learning.ModuleProgress, objectID string, blocker *learning.Object) objectPage {
	page := s.newObjectPage(c, p, &p.Module.Objects[p.Module.ObjectIndex(objectID)])
	page.Locked = &page.Steps[p.Module.ObjectIndex(blocker.ID)]
	return page
}

func (p *objectPage) addAsset(a *pluginAsset) {
	switch a.kind() {
	case "style":
		p.Styles = append(p.Styles, a.url)
	case "script":
		p.Scripts = append(p.Scripts, a.url)
	}
}

// clientState is the plugin's client state as the data-lode-state
// attribute carries it: JSON, "null" when there is none.
func clientState(raw []byte) string {
	if len(raw) == 0 {
		return "null"
	}
	return string(raw)
}

// moduleLang is the language objects are rendered in: the module's, since
// a plugin's words (buttons, feedback) should match the content around them.
func moduleLang(m *learning.Module) string {
	if m.Language == "" {
		return "en"
	}
	return m.Language
}
