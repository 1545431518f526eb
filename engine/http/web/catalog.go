package web

import (
	"context"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/i18n"
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
	Time        string // "About 20 minutes", in the page's language; "" when unknown
	CEHours     float64
	Steps       int
	License     learning.License
	Attribution template.HTML
	Origin      string // the site the module was shared from (engine/feed); "" if made here
	Percent     int
	Status      string // "Not started", "40% complete", "Completed", "Not passed"
	Action      string // "Start", "Continue", "Review"
	Failed      bool   // a mastery score was missed for good
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
	l := s.layout(c, "", "") // the learner's language; each card keeps its module's lang
	var all []*learning.Module
	for _, m := range s.Delivery.Modules.Modules() {
		if len(m.Objects) > 0 {
			all = append(all, m)
		}
	}
	origins, err := s.origins(ctx)
	if err != nil {
		return err
	}
	var shown []*learning.Module
	for _, m := range all {
		if q.Matches(m) {
			shown = append(shown, m)
		}
	}
	progress, err := s.catalogProgress(ctx, sess, shown)
	if err != nil {
		return err
	}
	var entries []catalogEntry
	for i, m := range shown {
		e := newCatalogEntry(l.loc, m, progress[i])
		e.Origin = origins[m.ID+"@"+m.Version]
		entries = append(entries, e)
	}
	search := newCatalogSearch(l.loc, q, all, len(entries))
	l.Title = l.loc.T("catalog.title")
	l.Feed = s.Config.Feed
	if search.Filtered {
		l.Title = search.Count + " – " + l.Title
	}
	return s.render(c, http.StatusOK, "catalog", catalogPage{
		layout: l, Modules: entries, Search: search, Empty: len(all) == 0,
		SignedOut: c.QueryParam("signedout") == "1",
	})
}

// catalogProgress is where the learner stands in each of mods; a visitor
// has started none, and nothing is read.
func (s *Server) catalogProgress(ctx context.Context, sess *learning.Session, mods []*learning.Module) ([]*learning.ModuleProgress, error) {
	if !visiting(sess) {
		return s.Delivery.PeekCatalog(ctx, sess.LearnerID, mods)
	}
	out := make([]*learning.ModuleProgress, len(mods))
	for i, m := range mods {
		p, err := s.Delivery.Unstarted(m.ID)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

func newCatalogEntry(loc *i18n.Locale, m *learning.Module, p *learning.ModuleProgress) catalogEntry {
	media := moduleURL(m.ID) + "/media/"
	e := catalogEntry{
		ID: m.ID, URL: moduleURL(m.ID), Title: m.Title,
		Description: sdkhtml.Markdown(m.Description, media),
		Lang:        m.Language, LangName: languageName(m.Language),
		CoverAlt: m.CoverAlt, Time: aboutMinutes(loc, m.EstimatedMinutes),
		CEHours: m.CEHours, Steps: len(m.Objects),
		License: learning.LicenseOf(m.License), Attribution: sdkhtml.Inline(m.Attribution, media),
		Percent: p.Percent(), Failed: moduleFailed(p),
	}
	e.Status, e.Action = catalogState(loc, p)
	if m.Cover != "" {
		e.Cover = sdkhtml.ResolveURL(media, m.Cover)
	}
	for _, t := range m.Topics {
		e.Topics = append(e.Topics, catalogLink{Label: t, URL: topicURL(t)})
	}
	return e
}

// catalogState is where the learner stands in a module, and the card's
// call to action: a learner who has begun continues where they left off,
// and one who failed it can still review it.
func catalogState(loc *i18n.Locale, p *learning.ModuleProgress) (status, action string) {
	switch {
	case moduleDone(p):
		return loc.T("catalog.completed"), loc.T("catalog.review")
	case moduleFailed(p):
		return loc.T("step.not_passed"), loc.T("catalog.review")
	case len(p.States) == 0:
		return loc.T("step.not_started"), loc.T("catalog.start")
	}
	return loc.T("step.percent_complete", "Percent", p.Percent()), loc.T("catalog.continue")
}

// aboutMinutes says how long a module takes, rounded as an estimate is.
func aboutMinutes(loc *i18n.Locale, n int) string {
	switch {
	case n <= 0:
		return ""
	case n < 60:
		return loc.N("catalog.minutes", n)
	case n%60 == 0:
		return loc.N("catalog.hours", n/60)
	}
	return loc.T("catalog.hours_minutes", "Hours", loc.N("catalog.hour_count", n/60), "Minutes", loc.N("catalog.minute_count", n%60))
}

// moduleLanguages are the primary languages of mods, for the filter; one
// language needs no filter.
func moduleLanguages(mods []*learning.Module) []string {
	if langs := module.Languages(mods); len(langs) > 1 {
		return langs
	}
	return nil
}

// origins are the sites the catalog's modules were shared from.
func (s *Server) origins(ctx context.Context) (map[string]string, error) {
	if s.Origins == nil {
		return nil, nil
	}
	return s.Origins(ctx)
}
