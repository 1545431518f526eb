package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

const (
	sessionCookie = "lode_session"
	learnerCookie = "lode_learner"
	// visitorCookie holds a random nonce that a visitor's CSRF token is
	// derived from, so that their first write can be checked before they
	// are anybody to Lode. It is not a record: nothing on the server
	// remembers it.
	visitorCookie = "lode_visitor"
	// learnerCookieAge is the longest lifetime browsers accept (400 days).
	learnerCookieAge = 400 * 24 * time.Hour
	ctxSession       = "lode.session"
)

// Who is on a page is a learner's session or a visitor: someone who has
// only read so far. A visitor is no learner to Lode (no row, no session,
// nothing stored), so crawlers, link checkers and people who only look
// leave no record; they become a learner on their first write (an answer,
// a tick, a profile), checked against the CSRF token their page carries.
// In the context a visitor is a Session with no ID and no LearnerID.

// pageSession is for reads: a learner's session, resumed, or restored
// from their signed learner cookie when the session is gone (so losing
// the session store never orphans progress); anyone else is a visitor.
func (s *Server) pageSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, err := s.identify(c)
		if err != nil {
			return err
		}
		if visiting(sess) && sess.CSRFToken == "" {
			sess.CSRFToken = s.newVisitor(c)
		}
		c.Set(ctxSession, sess)
		return next(c)
	}
}

// apiSession admits a learner's interaction, or a visitor's first one
// with their page's CSRF token (the handler makes them a learner once the
// request has proved worth it: see asLearner). A learner whose session is
// gone cannot carry the new CSRF token a fresh session would need, so the
// page must be reloaded.
func (s *Server) apiSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, err := s.resumeOrEmbedSession(c) // an embed page's bearer, if it sent one: embed_session.go
		if engine.ErrorCode(err) == engine.ENOTFOUND {
			token := c.Request().Header.Get("X-CSRF-Token")
			switch {
			case s.visitorTokenValid(c, token):
				sess, err = &learning.Session{CSRFToken: token}, nil
			case hasCookie(c, visitorCookie):
				return checkCSRF(&learning.Session{}, token) // a visitor's page, but not this visitor's token
			default:
				return engine.Errorf(engine.EUNAUTHORIZED, "your session has ended, so this was not saved; reload the page and try again")
			}
		}
		if err != nil {
			return err
		}
		c.Set(ctxSession, sess)
		return next(c)
	}
}

// session returns the session a middleware above put in c; for a visitor
// its LearnerID is "".
func session(c echo.Context) *learning.Session {
	return c.Get(ctxSession).(*learning.Session)
}

// visiting reports whether sess is a visitor's, who is no learner yet.
func visiting(sess *learning.Session) bool { return sess.LearnerID == "" }

// identify returns the learner's session: resumed, or started for the
// learner their signed learner cookie names; or else a visitor, whose
// CSRF token is the one their visitor cookie gives ("" without one). It
// writes only to restore a known learner's session.
func (s *Server) identify(c echo.Context) (*learning.Session, error) {
	sess, err := s.resumeSession(c)
	if engine.ErrorCode(err) != engine.ENOTFOUND {
		return sess, err
	}
	ctx := c.Request().Context()
	l, err := s.knownLearner(ctx, c)
	if err != nil {
		return nil, err
	}
	if l != nil {
		return s.startSession(c, l, "")
	}
	if hasCookie(c, learnerCookie) { // forged, revoked, or its learner erased: of no use to keep
		c.SetCookie(s.cookie(learnerCookie, "", -time.Second))
	}
	visitor := &learning.Session{}
	if ck, err := c.Cookie(visitorCookie); err == nil && ck.Value != "" {
		visitor.CSRFToken = s.visitorToken(ck.Value)
	}
	return visitor, nil
}

// resumeSession returns the session the cookie names; ENOTFOUND if there is
// no cookie or the session is gone.
func (s *Server) resumeSession(c echo.Context) (*learning.Session, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, engine.Errorf(engine.ENOTFOUND, "no session")
	}
	return s.Sessions.Resume(c.Request().Context(), ck.Value)
}

// asLearner returns sess, or, for a visitor, the session of the learner
// they now become. Handlers call it once the request is known to be good
// (CSRF, body, target), so that a refused request makes nobody.
func (s *Server) asLearner(c echo.Context, sess *learning.Session) (*learning.Session, error) {
	if !visiting(sess) {
		return sess, nil
	}
	sess, err := s.becomeLearner(c, sess.CSRFToken)
	if err == nil {
		c.Set(ctxSession, sess)
	}
	return sess, err
}

// becomeLearner makes a visitor a new learner with a session that keeps
// the CSRF token their pages carry. New learners are rate-limited per
// client address: they are rows in the database, and a script should not
// be able to make them without end.
func (s *Server) becomeLearner(c echo.Context, csrfToken string) (*learning.Session, error) {
	ctx := c.Request().Context()
	if err := s.limit(ctx, "learner-new:addr:"+c.RealIP(), s.Config.NewLearnersPerHour, time.Hour,
		"too many new learners from your network in the last hour; try again in %s"); err != nil {
		return nil, err
	}
	l, err := s.Delivery.NewLearner(ctx)
	if err != nil {
		return nil, err
	}
	c.SetCookie(s.cookie(visitorCookie, "", -time.Second))
	return s.startSession(c, l, csrfToken)
}

// startSession opens a session for a learner and sets both cookies; with
// csrfToken "" the session gets a new one.
func (s *Server) startSession(c echo.Context, l *learning.Learner, csrfToken string) (*learning.Session, error) {
	ctx := c.Request().Context()
	var sess *learning.Session
	var err error
	if csrfToken == "" {
		sess, err = s.Sessions.Start(ctx, l.ID)
	} else {
		sess, err = s.Sessions.StartKeepingCSRF(ctx, l.ID, csrfToken)
	}
	if err != nil {
		return nil, err
	}
	// The session cookie lasts as long as the browser; the learner cookie
	// brings the learner back after that.
	c.SetCookie(s.cookie(sessionCookie, sess.ID, 0))
	c.SetCookie(s.cookie(learnerCookie, s.signLearner(l.ID, l.CookieGeneration), learnerCookieAge))
	return sess, nil
}

// limit counts one event against key and answers ETOOMANY, with when to
// try again, once events per per are spent. No limiter or events <= 0:
// no limit.
func (s *Server) limit(ctx context.Context, key string, events int, per time.Duration, format string) error {
	if s.Limiter == nil || events <= 0 {
		return nil
	}
	wait, err := s.Limiter.Allow(ctx, key, events, per)
	if err != nil || wait <= 0 {
		return err
	}
	return engine.TooMany(wait, format, waitText(wait))
}

// waitText says how long to wait in words a learner reads: "40 seconds",
// "12 minutes".
func waitText(d time.Duration) string {
	if d <= 90*time.Second {
		return plural(int(math.Ceil(d.Seconds())), "second")
	}
	return plural(int(math.Ceil(d.Minutes())), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// knownLearner returns the learner a valid learner cookie names, if they
// still exist, have not signed out since it was issued and were not merged
// into an account; or nil.
func (s *Server) knownLearner(ctx context.Context, c echo.Context) (*learning.Learner, error) {
	ck, err := c.Cookie(learnerCookie)
	if err != nil {
		return nil, nil
	}
	return s.signedLearner(ctx, ck.Value)
}

// signedLearner is knownLearner for a learner cookie's value; embed pages
// read it from their partitioned cookie.
func (s *Server) signedLearner(ctx context.Context, value string) (*learning.Learner, error) {
	id, gen, ok := s.verifyLearner(value)
	if !ok {
		return nil, nil
	}
	l, err := s.Learners.Learner(ctx, id)
	switch engine.ErrorCode(err) {
	case "":
		if l.CookieGeneration != gen || l.MergedInto != "" {
			return nil, nil // signed out, or merged, since the cookie was issued
		}
		return l, nil
	case engine.ENOTFOUND:
		return nil, nil
	}
	return nil, err
}

// newVisitor gives a visitor their nonce cookie and returns the CSRF token
// their pages carry.
func (s *Server) newVisitor(c echo.Context) string {
	b := make([]byte, 18)
	rand.Read(b)
	nonce := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(s.cookie(visitorCookie, nonce, 0))
	return s.visitorToken(nonce)
}

// visitorToken is the CSRF token for a visitor nonce. Only a page served
// to the browser holding the nonce cookie carries it, and the cookie is
// SameSite, so another site can neither read the token nor send the
// cookie with a forged post.
func (s *Server) visitorToken(nonce string) string {
	return "v." + s.mac("lode visitor csrf\x00"+nonce)
}

func hasCookie(c echo.Context, name string) bool {
	ck, err := c.Cookie(name)
	return err == nil && ck.Value != ""
}

// visitorTokenValid reports whether token is the one the request's
// visitor cookie gives.
func (s *Server) visitorTokenValid(c echo.Context, token string) bool {
	ck, err := c.Cookie(visitorCookie)
	if err != nil || ck.Value == "" || token == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(token), []byte(s.visitorToken(ck.Value))) == 1
}

func (s *Server) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode,
	}
}

// signLearner returns "ID.MAC", or "ID.GEN.MAC" once the learner has
// signed out (GEN, their cookie generation, is 1 or more): the MAC proves
// the server issued it, so nobody can claim another learner's progress by
// editing the cookie, nor bring back a generation signed out of.
func (s *Server) signLearner(id string, gen int64) string {
	v := id
	if gen > 0 {
		v += "." + strconv.FormatInt(gen, 10)
	}
	return v + "." + s.mac(v)
}

// verifyLearner returns the id and generation a learner cookie names.
func (s *Server) verifyLearner(v string) (id string, gen int64, ok bool) {
	i := strings.LastIndexByte(v, '.')
	if i <= 0 || !hmac.Equal([]byte(v[i+1:]), []byte(s.mac(v[:i]))) {
		return "", 0, false
	}
	id, g, hasGen := strings.Cut(v[:i], ".")
	if hasGen {
		n, err := strconv.ParseInt(g, 10, 64)
		if err != nil || n < 1 {
			return "", 0, false
		}
		gen = n
	}
	return id, gen, id != ""
}

// mac signs a learner id or a visitor nonce with the server's key. The
// visitor's input is prefixed, so that a nonce can never be passed off as
// a learner id or the other way round.
func (s *Server) mac(v string) string {
	h := hmac.New(sha256.New, s.Config.SigningKey)
	h.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// checkCSRF returns EFORBIDDEN unless token is the session's CSRF token.
func checkCSRF(sess *learning.Session, token string) error {
	if token == "" || sess.CSRFToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRFToken)) != 1 {
		return engine.Errorf(engine.EFORBIDDEN, "the request's CSRF token is missing or out of date; reload the page and try again")
	}
	return nil
}

// LearnerOf finds the learner by their session cookie, for lrsapi: a
// learner may read their own statements with it. ok is false without a
// session cookie; ENOTFOUND for a session that has ended.
func (s *Server) LearnerOf(c echo.Context) (me xapi.Agent, ok bool, err error) {
	if _, err := c.Cookie(sessionCookie); err != nil {
		return xapi.Agent{}, false, nil
	}
	sess, err := s.resumeSession(c)
	if err != nil {
		return xapi.Agent{}, true, err
	}
	return s.Delivery.Actor(&learning.Learner{ID: sess.LearnerID}), true, nil
}
