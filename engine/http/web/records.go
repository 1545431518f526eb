package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/i18n"
	"github.com/lode-elearning/lode/engine/learning"
)

// recordsPage is the learner's records: every module they started, what
// they completed, their CE hours and their certificates.
type recordsPage struct {
	layout
	Modules    []moduleRecord
	TotalHours string // CE hours of the completed modules
	Completed  int
	NeedName   bool // a completed module awaits a certificate the learner has no name for
}

type moduleRecord struct {
	Title       string
	URL         string // the module, to continue it; "" if it left the catalog
	Status      string // "In progress", "Completed on 2 December 2026", "Not passed"
	Completed   bool
	Failed      bool   // a mastery score was missed for good: it can no longer be completed
	Hours       string // CE hours earned; "" unless completed
	Certificate string // the certificate page, or the link that issues it; ""
	Issued      bool   // Certificate is the certificate page
}

// handleRecords answers GET /records.
func (s *Server) handleRecords(c echo.Context) error {
	l := s.pageLayout(c, "")
	l.Title = l.loc.T("records.title")
	page := recordsPage{TotalHours: "0"}
	if sess := session(c); !visiting(sess) {
		var err error
		if page, err = s.records(c, l.loc, sess.LearnerID); err != nil {
			return err
		}
	}
	page.layout = l
	return s.render(c, http.StatusOK, "records", page)
}

func (s *Server) records(c echo.Context, loc *i18n.Locale, learnerID string) (recordsPage, error) {
	ctx := c.Request().Context()
	l, err := s.Learners.Learner(ctx, learnerID)
	if err != nil {
		return recordsPage{}, err
	}
	regs, err := s.Delivery.Progress.LearnerRegistrations(ctx, learnerID)
	if err != nil {
		return recordsPage{}, err
	}
	certs, err := s.Certificates.Learner(ctx, learnerID)
	if err != nil {
		return recordsPage{}, err
	}
	byRegistration := map[string]*credential.Certificate{}
	for i := range certs {
		byRegistration[certs[i].RegistrationID] = &certs[i]
	}
	var page recordsPage
	var total float64
	for _, r := range regs {
		rec, hours := s.moduleRecord(loc, r, byRegistration[r.ID])
		if rec.Completed {
			page.Completed++
			total += hours
			page.NeedName = page.NeedName || (rec.Certificate != "" && !rec.Issued && strings.TrimSpace(l.Name) == "")
		}
		page.Modules = append(page.Modules, rec)
	}
	page.TotalHours = credential.FormatHours(total)
	return page, nil
}

// moduleRecord is one registration on the records page, and the CE hours
// it earned: the certificate's when one was issued (what was certified),
// the module's otherwise.
func (s *Server) moduleRecord(loc *i18n.Locale, r learning.Registration, cert *credential.Certificate) (moduleRecord, float64) {
	rec := moduleRecord{Title: r.ModuleID, Status: loc.T("records.in_progress")}
	var hours float64
	m, err := s.Delivery.Modules.Module(r.ModuleID)
	if engine.ErrorCode(err) == "" {
		rec.Title, rec.URL, hours = m.Title, moduleURL(m.ID), m.CEHours
	}
	if r.CompletedAt == nil {
		if r.FailedAt != nil {
			rec.Failed, rec.Status = true, loc.T("step.not_passed")
		}
		return rec, 0
	}
	rec.Completed, rec.Status = true, loc.T("records.completed_on", "Date", loc.Date(*r.CompletedAt))
	switch {
	case cert != nil:
		rec.Title, hours, rec.Certificate, rec.Issued = cert.ModuleTitle, cert.CEHours, "/certificates/"+cert.Code, true
	case rec.URL != "":
		rec.Certificate = rec.URL + "/certificate"
	}
	rec.Hours = credential.FormatHours(hours)
	return rec, hours
}
