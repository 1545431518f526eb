package http

// xapiAuth is a middleware FACTORY: each resource asks, per route, for the
// scope the route needs (engine.Scope*), e.g.
//
//	g.POST("/statements", s.handlePostStatements, auth(lrs.ScopeStatementsWrite))
//	g.GET("/statements", s.handleGetStatements, auth(lrs.ScopeStatementsRead))
//	g.PUT("/activities/state", s.handlePutState, auth(lrs.ScopeState))
//
// so xapiStatementRoutes and xapiDocumentRoutes take
// `auth func(scope string) echo.MiddlewareFunc` (it was an
// echo.MiddlewareFunc). auth("") admits any valid client. A client with
// "all" may do anything, one with "all/read" any GET or HEAD.
//
// Handlers then call lrsClient(c) for the caller. Statement handlers must:
//   - set Authority on the statements they store (nil Authority: the caller
//     may not write, which the route's scope already refused);
//   - when OnlyAuthority is set (statements/read/mine), list only
//     statements whose authority has that IFI (StatementFilter.Authority);
//   - when OnlyAgent is set (a learner's own session), query with
//     Agent = OnlyAgent and answer 403 to a query naming another agent;
//   - check a single statement (statementId, voidedStatementId) with
//     MayRead, answering 404 when it is false, as if it did not exist.
//
// The 1.0.3 alternate request syntax may carry Authorization as a form
// field: xapiAlternateSyntax (a Pre middleware) makes it the header before
// routing, so xapiAuth reads only the header.

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/xapi"
)

const (
	ctxLRSCaller = "lode.lrs.caller"
	// lrsChallenge tells clients, and browsers, to retry with Basic
	// credentials.
	lrsChallenge = `Basic realm="Lode LRS", charset="UTF-8"`
)

// lrsCaller is who an /xapi request comes from, as xapiAuth found out.
type lrsCaller struct {
	// Client is the LRS client; nil for a learner's own session.
	Client *lrs.Client
	// Authority is the agent the LRS sets as the authority of statements
	// this caller stores; nil for a learner's session, which cannot write.
	Authority *xapi.Agent
	// OnlyAuthority, when not "", is the IFI of Authority: the caller holds
	// statements/read/mine and may read only the statements it stored.
	OnlyAuthority string
	// OnlyAgent, when not "", is the IFI of the learner reading through
	// their own session: they may read only statements about themselves.
	OnlyAgent string
}

// lrsClient returns the caller xapiAuth admitted; nil on a route it does
// not guard.
func lrsClient(c echo.Context) *lrsCaller {
	a, _ := c.Get(ctxLRSCaller).(*lrsCaller)
	return a
}

// MayRead reports whether the caller may see st: always, unless it is
// restricted to its own statements or to a learner's.
func (a *lrsCaller) MayRead(st *xapi.Statement) bool {
	if a.OnlyAuthority != "" && (st.Authority == nil || st.Authority.IFI() != a.OnlyAuthority) {
		return false
	}
	if a.OnlyAgent != "" {
		return isOrHas(st.Actor, a.OnlyAgent) || (!st.Object.IsActivity() && isOrHas(st.Object.Agent(), a.OnlyAgent))
	}
	return true
}

// isOrHas reports whether ag is the agent ifi names or a group with it as
// a member: what the agent parameter of a statement query matches.
func isOrHas(ag xapi.Agent, ifi string) bool {
	if ag.IFI() == ifi {
		return true
	}
	for _, m := range ag.Member {
		if m.IFI() == ifi {
			return true
		}
	}
	return false
}

// xapiAuth returns the middleware that admits LRS clients holding scope
// with HTTP Basic credentials (401 with a challenge without valid ones,
// 403 without the scope), and, for reading statements only, a learner's
// own session.
func (s *Server) xapiAuth(scope string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if s.Credentials == nil {
				return engine.Errorf(engine.EUNAVAILABLE, "the LRS has no credentials service")
			}
			caller, err := s.lrsCaller(c, scope)
			if err != nil {
				if engine.ErrorCode(err) == engine.EUNAUTHORIZED {
					c.Response().Header().Set(echo.HeaderWWWAuthenticate, lrsChallenge)
				}
				return err
			}
			c.Set(ctxLRSCaller, caller)
			return next(c)
		}
	}
}

func (s *Server) lrsCaller(c echo.Context, scope string) (*lrsCaller, error) {
	r := c.Request()
	read := r.Method == http.MethodGet || r.Method == http.MethodHead
	authz := r.Header.Get(echo.HeaderAuthorization)
	if authz == "" && read && scope == lrs.ScopeStatementsRead {
		if _, err := c.Cookie(sessionCookie); err == nil {
			return s.learnerCaller(c)
		}
	}
	key, secret, ok := parseBasic(authz)
	if !ok {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "the LRS needs HTTP Basic credentials: an LRS key and secret")
	}
	cl, err := s.Credentials.Authenticate(r.Context(), key, secret)
	if err != nil {
		return nil, err
	}
	ok, mine := cl.Allows(scope, read)
	if !ok {
		return nil, engine.Errorf(engine.EFORBIDDEN, "LRS client %s does not have the scope %s (it has %s)",
			cl.Key, scope, strings.Join(cl.Scopes, ", "))
	}
	authority := s.Credentials.Authority(cl)
	caller := &lrsCaller{Client: cl, Authority: &authority}
	if mine {
		caller.OnlyAuthority = authority.IFI()
	}
	return caller, nil
}

// learnerCaller admits a learner's session to read their own statements.
// No CSRF token is needed: it only reads, and the same-origin policy keeps
// other sites from seeing the answer.
func (s *Server) learnerCaller(c echo.Context) (*lrsCaller, error) {
	sess, err := s.resumeSession(c)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "your session has ended; sign in again, or send LRS credentials")
	}
	if err != nil {
		return nil, err
	}
	me := s.Delivery.Actor(&learning.Learner{ID: sess.LearnerID})
	return &lrsCaller{OnlyAgent: me.IFI()}, nil
}

// parseBasic splits "Basic base64(key:secret)", as net/http does, refusing
// an empty key.
func parseBasic(h string) (key, secret string, ok bool) {
	r := &http.Request{Header: http.Header{"Authorization": {h}}}
	key, secret, ok = r.BasicAuth()
	return key, secret, ok && key != ""
}
