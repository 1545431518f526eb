package lrsapi

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// ctxXAPIVersion is where xapiVersion leaves the request's xapi.Version.
const ctxXAPIVersion = "lode.xapi.version"

// noVersion is the version answered to a request without the version
// header, other than to /xapi/about. Clients before 1.0.0 (0.9) sent none:
// such a request is read as a 0.9 request, which this LRS does not serve
// (400), and answered as one, as ADL's conformance suite accepts from an
// LRS that speaks both 1.0.3 and 2.0.0 and so cannot guess which one a
// client without the header meant.
const noVersion = "0.9"

// xapiRoutes mounts the xAPI LRS under /xapi. The 1.0.3 alternate request
// syntax is turned into the request it stands for before routing;
// version negotiation wraps every resource; each route asks auth for the
// scope it needs.
func (s *Server) xapiRoutes(e *echo.Echo) {
	e.Pre(s.sameSiteOnly, s.xapiAlternateSyntax)
	g := e.Group("/xapi", s.xapiVersion)
	s.xapiStatementRoutes(g, s.xapiAuth)
	s.xapiDocumentRoutes(g, s.xapiAuth)
}

// xapiVersionOf returns the xAPI version of the request, as xapiVersion
// negotiated it.
func xapiVersionOf(c echo.Context) xapi.Version {
	if v, ok := c.Get(ctxXAPIVersion).(xapi.Version); ok {
		return v
	}
	return xapi.V200
}

// xapiVersion checks the X-Experience-API-Version header of every /xapi
// request but to /xapi/about (400 naming the header if it is missing or
// not a version this LRS speaks), keeps the version for handlers, and
// answers with the version in use, errors included.
func (s *Server) xapiVersion(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := c.Request().Header.Get(xapi.VersionHeader)
		v, err := xapi.ParseVersionHeader(raw)
		h := c.Response().Header()
		if err != nil && c.Request().URL.Path == "/xapi/about" {
			v, err = xapi.V200, nil
		}
		if err != nil {
			switch raw = strings.TrimSpace(raw); {
			case raw == "":
				h.Set(xapi.VersionHeader, noVersion)
			case strings.HasPrefix(raw, "1."):
				h.Set(xapi.VersionHeader, string(xapi.V103))
			default:
				h.Set(xapi.VersionHeader, string(xapi.V200))
			}
			return lrs.XAPIError(err)
		}
		h.Set(xapi.VersionHeader, string(v))
		c.Set(ctxXAPIVersion, v)
		c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, s.maxBodyBytes())
		return next(c)
	}
}

// alternateHeaders are the headers the alternate request syntax may carry
// as form fields (xAPI 1.0.3 Communication §1.3), by canonical name.
var alternateHeaders = map[string]bool{
	"Authorization": true, http.CanonicalHeaderKey(xapi.VersionHeader): true, "Content-Type": true,
	"Content-Length": true, "If-Match": true, "If-None-Match": true,
}

var alternateMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPut: true, http.MethodPost: true, http.MethodDelete: true,
}

// xapiAlternateSyntax turns an xAPI 1.0.3 alternate-syntax request (a form
// POST to /xapi/...?method=PUT carrying headers, parameters and the content
// as form fields) into the request it stands for, before routing, so that
// every resource supports it. xAPI 2.0 has no alternate syntax: such a
// request in 2.0 is a 400.
func (s *Server) xapiAlternateSyntax(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if !strings.HasPrefix(r.URL.Path, "/xapi/") || !r.URL.Query().Has("method") {
			return next(c)
		}
		limit, err := s.alternateLimit(c)
		if err == nil {
			var head bool
			head, err = rewriteAlternate(r, limit)
			c.Set(ctxAlternateHead, head)
		}
		if err != nil {
			if v, verr := xapi.ParseVersionHeader(r.Header.Get(xapi.VersionHeader)); verr == nil {
				c.Response().Header().Set(xapi.VersionHeader, string(v))
			} else {
				c.Response().Header().Set(xapi.VersionHeader, string(xapi.V103))
			}
			return err
		}
		return next(c)
	}
}

// alternateLimit checks an alternate-syntax request's credentials before
// its form is read, when they come as a header, and returns how much of
// the form may be read: the configured limit for a caller whose key and
// secret are good, a little for one whose credentials are inside the form
// (xAPI 1.0.3 allows that, so they can only be checked after reading).
func (s *Server) alternateLimit(c echo.Context) (int64, error) {
	authz := c.Request().Header.Get(echo.HeaderAuthorization)
	if authz == "" || s.Credentials == nil {
		return min(s.maxBodyBytes(), formCredentialsBytes), nil
	}
	key, secret, ok := parseBasic(authz)
	if !ok {
		return 0, challenge(c, engine.Errorf(engine.EUNAUTHORIZED, "the LRS needs HTTP Basic credentials: an LRS key and secret"))
	}
	if _, err := s.Credentials.AuthenticateGuarded(c.Request().Context(), key, secret, s.guard(c.RealIP(), key)); err != nil {
		return 0, challenge(c, err)
	}
	return s.maxBodyBytes(), nil
}

// ctxAlternateHead marks a HEAD sent with the alternate syntax: routed as
// a GET, since the connection still carries a POST, whose answer has a
// body (an empty one).
const ctxAlternateHead = "lode.xapi.alternate-head"

// rewriteAlternate turns r, in place since Echo routes the request it was
// given, into the request it stands for; EINVALID if it breaks a rule of
// the syntax, or is a 2.0 request. head reports a HEAD, which r now
// carries as a GET.
func rewriteAlternate(r *http.Request, limit int64) (head bool, err error) {
	q := r.URL.Query()
	method := strings.ToUpper(q.Get("method"))
	switch {
	case r.Method != http.MethodPost:
		return false, engine.FieldError("method", "the alternate request syntax is a POST; this is a %s", r.Method)
	case len(q) > 1:
		return false, engine.FieldError("method", "the alternate request syntax takes no query parameter but method: send the others as form fields")
	case !alternateMethods[method]:
		return false, engine.FieldError("method", "%q is not an HTTP method of the xAPI", q.Get("method"))
	}
	if ct, _, _ := strings.Cut(r.Header.Get(echo.HeaderContentType), ";"); strings.TrimSpace(ct) != echo.MIMEApplicationForm {
		return false, engine.FieldError("Content-Type", "the alternate request syntax sends a form: %s, not %q",
			echo.MIMEApplicationForm, r.Header.Get(echo.HeaderContentType))
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		return false, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return false, engine.FieldError("content", "the form is not URL-encoded: %v", err)
	}
	params := url.Values{}
	typed := false // the form gives the content's type
	for k, vs := range form {
		if name := http.CanonicalHeaderKey(k); alternateHeaders[name] {
			r.Header.Set(name, vs[0])
			typed = typed || name == echo.HeaderContentType
		} else if k != "content" {
			params[k] = vs
		}
	}
	if v, err := xapi.ParseVersionHeader(r.Header.Get(xapi.VersionHeader)); err == nil && v == xapi.V200 {
		return false, engine.FieldError("method", "xAPI 2.0 has no alternate request syntax: send a %s request", method)
	}
	content := form.Get("content")
	if head = method == http.MethodHead; head {
		method = http.MethodGet
	}
	r.Method = method
	r.URL.RawQuery = params.Encode()
	r.Body = io.NopCloser(strings.NewReader(content))
	r.ContentLength = int64(len(content))
	r.Header.Del("Content-Length")
	switch {
	case content == "":
		r.Header.Del(echo.HeaderContentType)
	case !typed:
		r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	}
	return head, nil
}
