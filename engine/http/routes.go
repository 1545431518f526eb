package http

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

func (s *Server) routes() {
	e := s.echo
	e.Use(s.securityHeaders, s.observe, s.recoverPanic)

	e.GET("/healthz", s.handleHealthz)
	e.GET("/readyz", s.handleReadyz)
	e.GET("/metrics", s.handleMetrics)
}

// securityHeaders sets the headers every response carries, errors included.
// The CSP allows no inline script or style: pages pass data to scripts
// through data- attributes and meta tags. No page may be framed: the
// learner's side lifts that for its /embed pages alone, for the sites
// allowed to embed them.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", permissionsPolicy)
		if s.Config.HTTPS {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Frame-Options", "DENY") // for browsers older than frame-ancestors
		return next(c)
	}
}

// permissionsPolicy turns off the powerful features no learning object
// needs, for Lode's pages and whatever a content type puts in them.
// Fullscreen stays allowed: learners enlarge videos.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), " +
	"bluetooth=(), midi=(), display-capture=(), browsing-topics=()"

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
	"media-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// observe records each request's metrics. It answers errors itself, rather
// than leaving them to Echo, so that the status it records is the one sent.
// It is also where a handler that returned without answering is caught:
// net/http would send such a request an empty 200, which for a write
// would acknowledge what may never have been stored.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		c.Set(ctxStart, start)
		err := next(c)
		if err == nil && !c.Response().Committed {
			err = &engine.Error{Code: engine.EINTERNAL, Message: "the handler returned without answering", Err: errNoAnswer}
		}
		if err != nil {
			c.Error(err)
		}
		if s.Metrics != nil {
			route := c.Path()
			if route == "" || c.Response().Status == http.StatusNotFound && !knownRoute(c) {
				route = "unmatched"
			}
			s.Metrics.ObserveHTTP(c.Request().Method, route, c.Response().Status, time.Since(start))
		}
		return nil
	}
}

// errNoAnswer is the cause logged for a handler that wrote no response.
var errNoAnswer = errors.New("a handler returned nil without writing a response")

const ctxStart = "lode.start"

// requestStart is when observe saw the request; now if it did not.
func requestStart(c echo.Context) time.Time {
	if t, ok := c.Get(ctxStart).(time.Time); ok {
		return t
	}
	return time.Now()
}

// knownRoute tells a 404 from a route (a missing module) from a 404 for an
// unknown URL, whose path would otherwise be Echo's catch-all.
func knownRoute(c echo.Context) bool {
	for _, r := range c.Echo().Routes() {
		if r.Path == c.Path() && r.Method == c.Request().Method {
			return true
		}
	}
	return false
}

// recoverPanic turns a panic in a handler into an internal error, logged
// with its stack, so one bad request does not take the server down.
func (s *Server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = &engine.Error{Code: engine.EINTERNAL, Message: "panic", Err: fmt.Errorf("%v\n%s", r, debug.Stack())}
			}
		}()
		return next(c)
	}
}
