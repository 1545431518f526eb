package web

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

type catalogPage struct {
	layout
	Modules   []catalogEntry
	SignedOut bool // the visitor has just signed out
}

type catalogEntry struct {
	ID          string
	URL         string
	Title       string
	Description template.HTML
	CEHours     float64
	Steps       int
	Percent     int
	Status      string // "Not started", "40% complete", "Completed"
}

// handleCatalog renders GET /: every module and where the learner stands.
func (s *Server) handleCatalog(c echo.Context) error {
	ctx := c.Request().Context()
	sess := session(c)
	var entries []catalogEntry
	for _, m := range s.Delivery.Modules.Modules() {
		if len(m.Objects) == 0 {
			continue
		}
		p, err := s.Delivery.Unstarted(m.ID)
		if !visiting(sess) {
			p, err = s.Delivery.PeekProgress(ctx, sess.LearnerID, m.ID)
		}
		if err != nil {
			return err
		}
		entries = append(entries, catalogEntry{
			ID: m.ID, URL: moduleURL(m.ID), Title: m.Title,
			Description: sdkhtml.Markdown(m.Description, moduleURL(m.ID)+"/media/"),
			CEHours:     m.CEHours, Steps: len(m.Objects), Percent: p.Percent(), Status: catalogStatus(p),
		})
	}
	return s.render(c, http.StatusOK, "catalog", catalogPage{
		layout: s.layout(c, "Modules", ""), Modules: entries, SignedOut: c.QueryParam("signedout") == "1",
	})
}

func catalogStatus(p *learning.ModuleProgress) string {
	switch {
	case moduleDone(p):
		return "Completed"
	case len(p.States) == 0:
		return "Not started"
	}
	return formatPercent(p.Percent()) + " complete"
}
