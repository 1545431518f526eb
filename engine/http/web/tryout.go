package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk"
)

// Tryout is a module taken as a learner would take it, on a Delivery of
// its own: the module editor's live preview of a draft. Its Delivery
// holds the draft as its only module and keeps progress in memory
// (inmem.Progress), so nothing is recorded; the pages are the learner's,
// with the content types' scripts and styles, under Base instead of
// /modules/ID. The caller (the admin area) checks who may try the draft
// and the CSRF token of each event.
type Tryout struct {
	Delivery  *learning.Delivery
	ModuleID  string
	LearnerID string // a learner of Delivery's own LearnerStore
	Base      string // the module's address: objects at Base/objects/ID
	Editor    string // the draft's page in the editor, linked from every page
	CSRF      string // sent back by lode.js with each event
}

// TryObject renders one object of the tryout (its first when objectID is
// ""), as Server.handleObject does for a learner.
func (s *Server) TryObject(c echo.Context, t *Tryout, objectID string) error {
	if _, err := s.tryServer(t).module(t.ModuleID); err != nil {
		return err // before Open, which starts at the first object
	}
	p, err := t.Delivery.Open(c.Request().Context(), t.LearnerID, t.ModuleID)
	if err != nil {
		return err
	}
	if objectID == "" {
		objectID = p.Registration.CurrentObject
	}
	if p.Module.ObjectIndex(objectID) < 0 {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", t.ModuleID, objectID)
	}
	c.Set(ctxSession, &learning.Session{LearnerID: t.LearnerID, CSRFToken: t.CSRF})
	page, status, err := s.tryServer(t).objectPageData(c, p, objectID)
	if err != nil {
		return err
	}
	page.Preview, page.Endpoint = t.Editor, t.Base+"/objects/"+objectID+"/events"
	page.ModuleURL, page.ObjectURL, page.SummaryURL = t.url(page.ModuleURL), t.url(page.ObjectURL), t.url(page.SummaryURL)
	t.rebase(page.Steps)
	if page.Next != nil && page.Next.ID == "" {
		page.Next.URL = page.SummaryURL
	}
	return s.renderNoStore(c, status, "object", page)
}

// TrySummary renders the end of the tryout, as Server.handleSummary does
// for a learner, without a certificate or a next module.
func (s *Server) TrySummary(c echo.Context, t *Tryout) error {
	p, err := t.Delivery.PeekProgress(c.Request().Context(), t.LearnerID, t.ModuleID)
	if err != nil {
		return err
	}
	c.Set(ctxSession, &learning.Session{LearnerID: t.LearnerID, CSRFToken: t.CSRF})
	page := s.tryServer(t).summaryPageData(c, p)
	page.Preview, page.ModuleURL = t.Editor, t.url(page.ModuleURL)
	for i := range page.Steps {
		page.Steps[i].URL = t.url(page.Steps[i].URL)
	}
	return s.renderNoStore(c, http.StatusOK, "summary", page)
}

// TryEvent applies one interaction with an object of the tryout, as
// Server.handleEvent does for a learner, and answers lode.js alike.
func (s *Server) TryEvent(c echo.Context, t *Tryout, objectID string) error {
	req, err := s.decodeEvent(c)
	if err != nil {
		return err
	}
	m, err := t.Delivery.Modules.Module(t.ModuleID)
	if err != nil {
		return err
	}
	if m.ObjectIndex(objectID) < 0 {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", m.ID, objectID)
	}
	out, err := t.Delivery.Interact(c.Request().Context(), learning.Interaction{
		LearnerID: t.LearnerID, SessionID: t.LearnerID, ModuleID: m.ID, ObjectID: objectID,
		Event: sdk.Event{Type: req.Type, Data: req.Data}, Locale: moduleLang(m), Rerender: req.Rerender,
	})
	if err != nil {
		return err
	}
	resp, err := s.tryServer(t).eventResponse(c, m, out)
	if err != nil {
		return err
	}
	t.rebase(resp.Steps)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, resp)
}

// tryServer is s rendering from the tryout's Delivery.
func (s *Server) tryServer(t *Tryout) *Server {
	ts := *s
	ts.Delivery = t.Delivery
	return &ts
}

// url moves a learner's address in the module (/modules/ID...) under Base.
func (t *Tryout) url(u string) string {
	if rest, ok := strings.CutPrefix(u, moduleURL(t.ModuleID)); ok {
		return t.Base + rest
	}
	return u
}

func (t *Tryout) rebase(ss []step) {
	for i := range ss {
		ss[i].URL = t.url(ss[i].URL)
	}
}
