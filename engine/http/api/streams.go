package api

import (
	"bufio"
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/admin"
)

// jsonLines is the media type of the streams: one JSON value a line.
const jsonLines = "application/x-ndjson"

// handleCompletions streams every completion the filters select, a JSON
// object a line as the store reads them: memory stays flat whatever the
// count. Filters are checked before the first byte, so a bad one is a
// 400; an error once the stream has begun cuts it short, and the last
// line is then incomplete, which a reader notices.
func (s *Server) handleCompletions(c echo.Context) error {
	f, err := admin.ParseCompletionFilter(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("module"))
	if err != nil {
		return err
	}
	w := startLines(c)
	enc := json.NewEncoder(w) // Encode ends each value with a newline
	err = s.Admins.Store.Completions(c.Request().Context(), f, func(r *admin.Completion) error {
		return enc.Encode(newCompletionJSON(r))
	})
	if err != nil {
		return err // the status is sent: the error handler logs it
	}
	return w.Flush()
}

// handleModuleStatements streams a module's statements, as stored, one
// a line.
func (s *Server) handleModuleStatements(c echo.Context) error {
	m, _, err := s.module(c.Param("id"))
	if err != nil {
		return err
	}
	w := startLines(c)
	err = s.Admins.Store.ModuleStatements(c.Request().Context(), m.ID, func(raw json.RawMessage) error {
		if _, err := w.Write(raw); err != nil {
			return err
		}
		return w.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	return w.Flush()
}

// startLines sends the status and headers of a JSON lines stream and
// returns the buffered writer of its body.
func startLines(c echo.Context) *bufio.Writer {
	c.Response().Header().Set("Content-Type", jsonLines)
	c.Response().WriteHeader(http.StatusOK)
	return bufio.NewWriter(c.Response())
}
