package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// handleError is Echo's HTTPErrorHandler: the one place where an error
// becomes a status and a body. API callers get JSON; people get a page.
func (s *Server) handleError(err error, c echo.Context) {
	if clientGone(c, err) {
		// Nobody is waiting for an answer: not the server's failure, and no
		// response to write.
		s.log().Info("client went away", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		return
	}
	e := asEngineError(c, err)
	status := statusOf(e)
	switch {
	case status == http.StatusServiceUnavailable: // a dependency restarting: expected, and retried
		s.log().Warn("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "status", status, "err", err)
	case status >= 500:
		s.log().Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "status", status, "err", err)
	}
	if c.Response().Committed {
		return
	}
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "2")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	var werr error
	switch {
	case c.Request().Method == http.MethodHead:
		werr = c.NoContent(status)
	case wantsJSON(c):
		werr = c.JSON(status, errorBody{Error: errorJSON{Code: e.Code, Message: publicMessage(e), Field: publicField(e)}})
	default:
		werr = s.renderErrorPage(c, status, e)
	}
	if werr != nil {
		s.log().Warn("writing the error response failed", "path", c.Request().URL.Path, "err", werr)
	}
}

// clientGone reports whether err came of the client hanging up: its
// request's context canceled (net/http does that when the connection
// closes; a database call then fails as canceled), or the response could
// not be written to the closed connection.
func clientGone(c echo.Context, err error) bool {
	return errors.Is(c.Request().Context().Err(), context.Canceled) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// asEngineError brings errors from outside the engine (Echo's router, the
// body limit, a caller that went away) into the engine's one error type.
func asEngineError(c echo.Context, err error) *engine.Error {
	var e *engine.Error
	var he *echo.HTTPError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &tooLarge):
		return engine.Errorf(engine.ETOOLARGE, "the request body is larger than the limit of %d bytes", tooLarge.Limit)
	case errors.As(err, &he) && he.Code == http.StatusNotFound:
		return engine.Errorf(engine.ENOTFOUND, "there is no page at %s", c.Request().URL.Path)
	case errors.As(err, &he) && he.Code == http.StatusMethodNotAllowed:
		return engine.Errorf(engine.EINVALID, "%s is not allowed on %s", c.Request().Method, c.Request().URL.Path)
	case errors.Is(err, context.DeadlineExceeded):
		return &engine.Error{Code: engine.EUNAVAILABLE, Message: "the server took too long to answer; try again", Err: err}
	}
	return &engine.Error{Code: engine.EINTERNAL, Message: "unexpected error", Err: err}
}

// statusOf maps the engine's error codes to HTTP statuses.
func statusOf(e *engine.Error) int {
	switch e.Code {
	case engine.EINVALID:
		return http.StatusBadRequest
	case engine.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case engine.EFORBIDDEN:
		return http.StatusForbidden
	case engine.ENOTFOUND:
		return http.StatusNotFound
	case engine.ECONFLICT:
		return http.StatusConflict
	case engine.EPRECONDITION:
		return http.StatusPreconditionFailed
	case engine.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case engine.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// publicMessage is what the caller may read: the error's own words, which
// name the field, except for internal errors, whose detail stays in the log.
func publicMessage(e *engine.Error) string {
	if e.Code == engine.EINTERNAL || statusOf(e) == http.StatusInternalServerError {
		return "something went wrong on our side; it has been logged, please try again later"
	}
	return engine.ErrorMessage(e)
}

func publicField(e *engine.Error) string {
	if e.Code == engine.EINTERNAL {
		return ""
	}
	return e.Field
}

func wantsJSON(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/") || strings.HasPrefix(c.Request().URL.Path, "/xapi/") ||
		strings.Contains(c.Request().Header.Get("Accept"), "application/json")
}

// sentence makes an engine message ("the quiz content type is restarting")
// read as a sentence on a page.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}

var errorTitles = map[int]string{
	400: "That request could not be used",
	401: "Your session has ended",
	403: "Not allowed",
	404: "Page not found",
	409: "Changed meanwhile",
	412: "Changed meanwhile",
	413: "Too large",
	500: "Something went wrong",
	503: "Temporarily unavailable",
}

func errorTitle(status int) string {
	if t, ok := errorTitles[status]; ok {
		return t
	}
	return fmt.Sprintf("Error %d", status)
}
