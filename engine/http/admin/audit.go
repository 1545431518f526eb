package admin

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

const auditPage = 50

func (s *Server) handleAudit(c echo.Context) error {
	var before int64
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return engine.FieldError("before", "must be a positive entry number, not %q", v)
		}
		before = n
	}
	entries, err := s.Admins.Store.AuditLog(c.Request().Context(), before, auditPage+1)
	if err != nil {
		return err
	}
	d := signedIn(c, "Audit log")
	if len(entries) > auditPage {
		entries = entries[:auditPage]
		d.Next = entries[auditPage-1].ID
	}
	d.Entries = entries
	return s.render(c, http.StatusOK, "audit", d)
}

// handleAuditCSV streams the whole log, newest first, a page of entries
// at a time, so that memory stays flat however long it grows.
func (s *Server) handleAuditCSV(c echo.Context) error {
	ctx := c.Request().Context()
	entries, err := s.Admins.Store.AuditLog(ctx, 0, 500)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="lode-audit.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write([]string{"id", "at", "actor", "action", "target", "details"})
	for len(entries) > 0 {
		for _, e := range entries {
			_ = w.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
				cell(e.Actor), cell(e.Action), cell(e.Target), string(e.Details)})
		}
		if entries, err = s.Admins.Store.AuditLog(ctx, entries[len(entries)-1].ID, 500); err != nil {
			return err // the status is sent: handleError logs it
		}
	}
	w.Flush()
	return w.Error()
}

// cell keeps a spreadsheet from reading a value as a formula (an LRS
// client's label "=HYPERLINK(...)", say): OWASP's advice, a leading quote.
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
