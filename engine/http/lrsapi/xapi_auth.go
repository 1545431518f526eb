package lrsapi

// xapiAuth admits each /xapi route's callers by the scope the route needs
// (lrs.Scope*) and leaves who they are in the request's context, as an
// lrs.Caller; the LRS applies what each caller may read and write.
//
// The 1.0.3 alternate request syntax may carry Authorization as a form
// field: xapiAlternateSyntax (a Pre middleware) makes it the header before
// routing, so xapiAuth reads only the header.
import (
	"context"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

const (
	ctxLRSCaller = "lode.lrs.caller"
	// lrsChallenge tells clients, and browsers, to retry with Basic
	// credentials.
	lrsChallenge = `Basic realm="Lode LRS", charset="UTF-8"`
)

// lrsCaller returns the caller xapiAuth admitted; the zero Caller, which
// may neither write nor be trusted with anything, on a route it does not
// guard.
func lrsCaller(c echo.Context) lrs.Caller {
	caller, _ := c.Get(ctxLRSCaller).(lrs.Caller)
	return caller
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
			caller, err := s.authenticate(c, scope)
			if err != nil {
				return challenge(c, err)
			}
			c.Set(ctxLRSCaller, caller)
			return next(c)
		}
	}
}

func (s *Server) authenticate(c echo.Context, scope string) (lrs.Caller, error) {
	r := c.Request()
	read := r.Method == http.MethodGet || r.Method == http.MethodHead
	authz := r.Header.Get(echo.HeaderAuthorization)
	if authz == "" && read && scope == lrs.ScopeStatementsRead && s.Learner != nil {
		if me, ok, err := s.Learner(c); ok {
			return learnerCaller(me, err)
		}
	}
	key, secret, ok := parseBasic(authz)
	if !ok {
		return lrs.Caller{}, engine.Errorf(engine.EUNAUTHORIZED, "the LRS needs HTTP Basic credentials: an LRS key and secret")
	}
	cl, err := s.Credentials.AuthenticateGuarded(r.Context(), key, secret, s.guard(c.RealIP(), key))
	if err != nil {
		return lrs.Caller{}, err
	}
	ok, mine := cl.Allows(scope, read)
	if !ok {
		return lrs.Caller{}, engine.Errorf(engine.EFORBIDDEN, "LRS client %s does not have the scope %s (it has %s)",
			cl.Key, scope, strings.Join(cl.Scopes, ", "))
	}
	return lrs.ClientCaller(cl, s.Credentials.Authority(cl), mine), nil
}

// learnerCaller admits a learner's session to read their own statements.
// No CSRF token is needed: it only reads, and the same-origin policy keeps
// other sites from seeing the answer.
func learnerCaller(me xapi.Agent, err error) (lrs.Caller, error) {
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return lrs.Caller{}, engine.Errorf(engine.EUNAUTHORIZED, "your session has ended; sign in again, or send LRS credentials")
	}
	if err != nil {
		return lrs.Caller{}, err
	}
	return lrs.LearnerCaller(me), nil
}

// Guessing credentials is throttled per client address and per key: a
// new client's first request and every wrong secret count, a client whose
// secret was verified lately does not (lrs.Credentials.AuthenticateGuarded).
const (
	authAttempts = 10
	authPer      = time.Minute
)

// guard returns the check AuthenticateGuarded makes before a guess costs
// anything: ETOOMANY, with when to try again, once the address or the key
// has used its attempts.
func (s *Server) guard(addr, key string) func(context.Context) error {
	if s.Limiter == nil {
		return nil
	}
	return func(ctx context.Context) error {
		for _, k := range []string{"lrs-auth:addr:" + addr, "lrs-auth:key:" + key} {
			wait, err := s.Limiter.Allow(ctx, k, authAttempts, authPer)
			if err != nil {
				return err
			}
			if wait > 0 {
				return engine.TooMany(wait, "too many attempts with wrong or new LRS credentials; try again in %d seconds", int(math.Ceil(wait.Seconds())))
			}
		}
		return nil
	}
}

// challenge adds the Basic challenge to a 401, so that clients and
// browsers retry with credentials, and returns err.
func challenge(c echo.Context, err error) error {
	if engine.ErrorCode(err) == engine.EUNAUTHORIZED {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, lrsChallenge)
	}
	return err
}

// parseBasic splits "Basic base64(key:secret)", as net/http does, refusing
// an empty key.
func parseBasic(h string) (key, secret string, ok bool) {
	r := &http.Request{Header: http.Header{"Authorization": {h}}}
	key, secret, ok = r.BasicAuth()
	return key, secret, ok && key != ""
}
