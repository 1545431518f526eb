package http

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// handleError is Echo's HTTPErrorHandler: the one place where an error
// becomes a status and a body. API callers get JSON; people get a page.
// It always writes a status, so that no error can reach the client as the
// empty 200 net/http sends for a handler that wrote nothing.
func (s *Server) handleError(err error, c echo.Context) {
	r := c.Request()
	if gone := r.Context().Err(); gone != nil {
		// Only the request's own context says the client is gone: an error
		// that merely wraps ECONNRESET may be the database's connection.
		// Nobody reads the answer, but one is written all the same.
		s.log().Info("client went away", "method", r.Method, "path", r.URL.Path,
			"client", r.RemoteAddr, "after", time.Since(requestStart(c)).Round(time.Millisecond), "reason", goneReason(gone))
		if !c.Response().Committed {
			c.Response().WriteHeader(statusClientClosedRequest)
		}
		return
	}
	if c.Response().Committed {
		// The status has been sent; an error now (the connection cut while
		// the body was written) can only be logged.
		s.log().Warn("the response was cut short", "method", r.Method, "path", r.URL.Path, "client", r.RemoteAddr, "err", err)
		return
	}
	e := asEngineError(c, err)
	status := statusOf(e)
	switch {
	case status == http.StatusServiceUnavailable: // a dependency restarting: expected, and retried
		s.log().Warn("request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	case status >= 500:
		s.log().Error("request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "2")
	}
	var wait *engine.RetryAfter
	if errors.As(e, &wait) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Wait.Seconds()))))
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	var werr error
	switch {
	case r.Method == http.MethodHead:
		werr = c.NoContent(status)
	case wantsJSON(c):
		werr = c.JSON(status, errorBody{Error: errorJSON{Code: e.Code, Message: PublicMessage(e), Field: publicField(e)}})
	default:
		werr = s.errorPage(c, status, e)
	}
	if werr != nil {
		s.log().Error("writing the error response failed", "path", r.URL.Path, "err", werr)
		if !c.Response().Committed {
			c.Response().WriteHeader(status)
		}
	}
}

// statusClientClosedRequest is nginx's status for a request whose client
// hung up before the answer: what the metrics record for it.
const statusClientClosedRequest = 499

// goneReason says in words why the request's context ended.
func goneReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the request's deadline passed"
	}
	return "the client closed the connection"
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
	case engine.ETOOMANY:
		return http.StatusTooManyRequests
	case engine.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// PublicMessage is what the caller may read: the error's own words, which
// name the field, except for internal errors, whose detail stays in the log.
func PublicMessage(e *engine.Error) string {
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

// errorPage answers a browser with the site's error page, or plain text
// when no part of the site renders one.
func (s *Server) errorPage(c echo.Context, status int, e *engine.Error) error {
	if s.ErrorPage != nil {
		return s.ErrorPage(c, status, e)
	}
	return c.String(status, PublicMessage(e))
}
