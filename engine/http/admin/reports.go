package admin

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/admin"
)

// handleReports is the reports' index: each module's report, a
// learner's by id, and the completions export with its filters. Its
// learner form sends ?learner=, which it sends on to that learner's page,
// so that the form works without JavaScript.
func (s *Server) handleReports(c echo.Context) error {
	if id := strings.TrimSpace(c.QueryParam("learner")); id != "" {
		return c.Redirect(http.StatusSeeOther, "/admin/reports/learners/"+url.PathEscape(id))
	}
	d := signedIn(c, "Reports")
	d.Modules = s.ModuleStates()
	return s.render(c, http.StatusOK, "reports", d)
}

// handleCompletionsCSV streams every completion the filters select, row by
// row as the store reads them, so that memory stays flat whatever the
// count. Filters are checked before the first byte: a bad one is a 400.
func (s *Server) handleCompletionsCSV(c echo.Context) error {
	f, err := admin.ParseCompletionFilter(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("module"))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="lode-completions.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write([]string{"learner_id", "name", "email", "module", "version", "completed_at", "score", "ce_hours", "certificate_code"})
	err = s.Admins.Store.Completions(c.Request().Context(), f, func(r *admin.Completion) error {
		return w.Write(completionRecord(r))
	})
	w.Flush()
	if err != nil {
		return err // the status is sent: handleError logs it
	}
	return w.Error()
}

// completionRecord is one CSV row; an absent score, and CE hours without
// a certificate, are empty cells rather than zeros that read as results.
func completionRecord(r *admin.Completion) []string {
	score, hours := "", ""
	if r.Score != nil {
		score = strconv.FormatFloat(*r.Score, 'f', -1, 64)
	}
	if r.CertificateCode != "" {
		hours = strconv.FormatFloat(r.CEHours, 'f', -1, 64)
	}
	return []string{cell(r.LearnerID), cell(r.LearnerName), cell(r.LearnerEmail), cell(r.ModuleID), cell(r.Version),
		r.CompletedAt.UTC().Format("2006-01-02T15:04:05.000000Z"), score, hours, cell(r.CertificateCode)}
}
