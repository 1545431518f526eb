package web

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

type catalogPage struct {
	layout
	Modules   []catalogEntry
	Search    catalogSearch
	Empty     bool // no module at all, before any filter
	SignedOut bool // the visitor has just signed out
}

type catalogEntry struct {
	ID          string
	URL         string
	Title       string
	Description template.HTML
	Lang        string // the module's language, for lang attributes
	LangName    string // "English", "Español"
	Cover       string // the image's URL; "" for none
	CoverAlt    string
	Topics      []catalogLink
	Time        string // "About 20 minutes"; "" when unknown
	CEHours     float64
	Steps       int
	License     learning.License
	Attribution template.HTML
	Percent     int
	Status      string // "Not started", "40% complete", "Completed"
	Action      string // "Start", "Continue", "Review"
}

// handleCatalog renders GET /: the modules the search form asks for and
// where the learner stands in each. A visitor's search writes nothing.
func (s *Server) handleCatalog(c echo.Context) error {
	q, err := catalogQuery(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sess := session(c)
	var all []*learning.Module
	for _, m := range s.Delivery.Modules.Modules() {
		if len(m.Objects) > 0 {
			all = append(all, m)
		}
	}
	var entries []catalogEntry
	for _, m := range all {
		if !q.Matches(m) {
			continue
		}
		p, err := s.Delivery.Unstarted(m.ID)
		if !visiting(sess) {
			p, err = s.Delivery.PeekProgress(ctx, sess.LearnerID, m.ID)
		}
		if err != nil {
			return err
		}
		entries = append(entries, newCatalogEntry(m, p))
	}
	search := newCatalogSearch(q, all, len(entries))
	title := "Modules"
	if search.Filtered {
		title = search.Count + " – Modules"
	}
	return s.render(c, http.StatusOK, "catalog", catalogPage{
		layout: s.layout(c, title, ""), Modules: entries, Search: search, Empty: len(all) == 0,
		SignedOut: c.QueryParam("signedout") == "1",
	})
}

func newCatalogEntry(m *learning.Module, p *learning.ModuleProgress) catalogEntry {
	media := moduleURL(m.ID) + "/media/"
	e := catalogEntry{
		ID: m.ID, URL: moduleURL(m.ID), Title: m.Title,
		Description: sdkhtml.Markdown(m.Description, media),
		Lang:        m.Language, LangName: languageName(m.Language),
		CoverAlt: m.CoverAlt, Time: aboutMinutes(m.EstimatedMinutes),
		CEHours: m.CEHours, Steps: len(m.Objects),
		License: learning.LicenseOf(m.License), Attribution: sdkhtml.Inline(m.Attribution, media),
		Percent: p.Percent(),
	}
	e.Status, e.Action = catalogState(p)
	if m.Cover != "" {
		e.Cover = sdkhtml.ResolveURL(media, m.Cover)
	}
	for _, t := range m.Topics {
		e.Topics = append(e.Topics, catalogLink{Label: t, URL: topicURL(t)})
	}
	return e
}

// catalogState is where the learner stands in a module, and the card's
// call to action: a learner who has begun continues where they left off.
func catalogState(p *learning.ModuleProgress) (status, action string) {
	switch {
	case moduleDone(p):
		return "Completed", "Review"
	case len(p.States) == 0:
		return "Not started", "Start"
	}
	return formatPercent(p.Percent()) + " complete", "Continue"
}

// aboutMinutes says how long a module takes, rounded as an estimate is.
func aboutMinutes(n int) string {
	switch {
	case n <= 0:
		return ""
	case n < 60:
		return "About " + plural(n, "minute")
	}
	s := "About " + plural(n/60, "hour")
	if m := n % 60; m > 0 {
		s += " " + plural(m, "minute")
	}
	return s
}

// moduleLanguages are the primary languages of mods, for the filter; one
// language needs no filter.
func moduleLanguages(mods []*learning.Module) []string {
	if langs := module.Languages(mods); len(langs) > 1 {
		return langs
	}
	return nil
}
