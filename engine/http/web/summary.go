package web

import (
	"math"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/i18n"
	"github.com/lode-elearning/lode/engine/learning"
)

// summaryPage is the end of a module: the result, each step's, the
// certificate, and where to go next.
type summaryPage struct {
	layout
	Module      *learning.Module
	ModuleURL   string
	Progress    progressJSON
	Completed   bool
	CompletedOn string // "" while the completion is being recorded
	HoursEarned float64
	Steps       []summaryStep
	// Certificate is the link to the certificate once the module is
	// completed; NeedName says the learner must add their name first.
	Certificate string
	NeedName    bool
	Next        *catalogLink // the next suggested module; nil when none is left
	// Failed says a mastery score was missed for good: the module can no
	// longer be completed. Missed says, for each such object, what it
	// needed and what the learner scored.
	Failed bool
	Missed []string
}

// summaryStep is one step with its result.
type summaryStep struct {
	step
	Score string // "85%" for a scored object, "" otherwise
}

// handleSummary renders GET /modules/:id/summary. It only reads: a visitor,
// or a learner who never opened the module, sees it unstarted.
func (s *Server) handleSummary(c echo.Context) error {
	m, err := s.module(c.Param("id"))
	if err != nil {
		return err
	}
	p, err := s.peek(c, m.ID)
	if err != nil {
		return err
	}
	page := s.summaryPageData(c, p)
	if page.Completed {
		if page.NeedName, err = s.needsName(c); err != nil {
			return err
		}
		page.Certificate = moduleURL(m.ID) + "/certificate"
	}
	if page.Next, err = s.nextModule(c, m.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "summary", page)
}

// summaryPageData is the summary of p, without the certificate and the
// next module, which only a learner of the site has.
func (s *Server) summaryPageData(c echo.Context, p *learning.ModuleProgress) summaryPage {
	m := p.Module
	l := s.layout(c, "", moduleLang(m))
	l.Title = l.loc.T("summary.title", "Module", m.Title)
	page := summaryPage{
		layout: l, Module: m, ModuleURL: moduleURL(m.ID),
		Progress: newProgressJSON(p), Completed: moduleDone(p), Steps: summarySteps(l.loc, p),
		Failed: moduleFailed(p), Missed: missed(l.loc, p),
	}
	if page.Completed {
		page.HoursEarned = m.CEHours
		if at := p.Registration.CompletedAt; at != nil {
			page.CompletedOn = l.loc.Date(*at)
		}
	}
	return page
}

// peek is where the learner stands in a module, writing nothing.
func (s *Server) peek(c echo.Context, moduleID string) (*learning.ModuleProgress, error) {
	sess := session(c)
	if visiting(sess) {
		return s.Delivery.Unstarted(moduleID)
	}
	return s.Delivery.PeekProgress(c.Request().Context(), sess.LearnerID, moduleID)
}

func summarySteps(loc *i18n.Locale, p *learning.ModuleProgress) []summaryStep {
	ss := steps(loc, p, "")
	out := make([]summaryStep, len(ss))
	for i, st := range ss {
		out[i] = summaryStep{step: st}
		if sc := p.States[st.ID].Scaled; sc != nil {
			out[i].Score = scorePercent(*sc)
		}
	}
	return out
}

// missed says, for each mastery object the learner finished below its
// minimum, what it needed and what they scored.
func missed(loc *i18n.Locale, p *learning.ModuleProgress) []string {
	var out []string
	for _, o := range p.Module.Objects {
		ms := p.MissedMastery(o.ID)
		if ms == nil {
			continue
		}
		needed := scorePercent(ms.MinScore)
		if sc := p.States[o.ID].Scaled; sc != nil {
			out = append(out, loc.T("summary.failed_object", "Object", o.Title, "Needed", needed, "Score", scorePercent(*sc)))
		} else {
			out = append(out, loc.T("summary.failed_object_unscored", "Object", o.Title, "Needed", needed))
		}
	}
	return out
}

// scorePercent writes a scaled score (0..1) as a whole percentage: 85%.
func scorePercent(scaled float64) string { return formatPercent(int(math.Round(scaled * 100))) }

// needsName reports whether the learner has no name yet, which a
// certificate needs.
func (s *Server) needsName(c echo.Context) (bool, error) {
	l, err := s.Learners.Learner(c.Request().Context(), session(c).LearnerID)
	if err != nil {
		return false, err
	}
	return l.Name == "", nil
}

// nextModule suggests the first module of the catalog, other than this
// one, that the learner has not completed.
func (s *Server) nextModule(c echo.Context, currentID string) (*catalogLink, error) {
	for _, m := range s.Delivery.Modules.Modules() {
		if m.ID == currentID || len(m.Objects) == 0 {
			continue
		}
		p, err := s.peek(c, m.ID)
		if err != nil {
			return nil, err
		}
		if !moduleDone(p) {
			return &catalogLink{Label: m.Title, URL: moduleURL(m.ID)}, nil
		}
	}
	return nil, nil
}
