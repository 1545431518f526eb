package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/xapi"
)

const (
	sessionCookie = "lode_session"
	learnerCookie = "lode_learner"
	// learnerCookieAge is the longest lifetime browsers accept (400 days).
	learnerCookieAge = 400 * 24 * time.Hour
	ctxSession       = "lode.session"
	// learnerCookieGeneration is the generation of every learner cookie
	// issued: Lode has no sign-in, so a learner who signed out (generation
	// 1 or more) is never restored by a cookie again.
	learnerCookieGeneration = 0
)

// pageSession gives every page a session. A visitor without one gets it
// for the learner their signed learner cookie names, so that losing the
// session store never orphans progress; a newcomer becomes a new
// anonymous learner.
func (s *Server) pageSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, err := s.resumeSession(c)
		if engine.ErrorCode(err) == engine.ENOTFOUND {
			sess, err = s.startSession(c)
		}
		if err != nil {
			return err
		}
		c.Set(ctxSession, sess)
		return next(c)
	}
}

// apiSession requires a live session: an API call cannot carry the new
// CSRF token a fresh session would need, so the page must be reloaded.
func (s *Server) apiSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, err := s.resumeSession(c)
		if engine.ErrorCode(err) == engine.ENOTFOUND {
			return engine.Errorf(engine.EUNAUTHORIZED, "your session has ended; reload the page to continue (your progress is saved)")
		}
		if err != nil {
			return err
		}
		c.Set(ctxSession, sess)
		return next(c)
	}
}

// session returns the session pageSession or apiSession put in c.
func session(c echo.Context) *learning.Session {
	return c.Get(ctxSession).(*learning.Session)
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

func (s *Server) startSession(c echo.Context) (*learning.Session, error) {
	ctx := c.Request().Context()
	learnerID, err := s.knownLearner(ctx, c)
	if err != nil {
		return nil, err
	}
	if learnerID == "" {
		l, err := s.Delivery.NewLearner(ctx)
		if err != nil {
			return nil, err
		}
		learnerID = l.ID
	}
	sess, err := s.Sessions.Start(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	// The session cookie lasts as long as the browser; the learner cookie
	// brings the learner back after that.
	c.SetCookie(s.cookie(sessionCookie, sess.ID, 0))
	c.SetCookie(s.cookie(learnerCookie, s.signLearner(learnerID), learnerCookieAge))
	return sess, nil
}

// knownLearner returns the learner id from a valid learner cookie whose
// learner still exists and has not signed out, or "".
func (s *Server) knownLearner(ctx context.Context, c echo.Context) (string, error) {
	ck, err := c.Cookie(learnerCookie)
	if err != nil {
		return "", nil
	}
	id, ok := s.verifyLearner(ck.Value)
	if !ok {
		return "", nil
	}
	l, err := s.Learners.Learner(ctx, id)
	switch engine.ErrorCode(err) {
	case "":
		if l.CookieGeneration != learnerCookieGeneration {
			return "", nil // signed out since the cookie was issued
		}
		return id, nil
	case engine.ENOTFOUND:
		return "", nil
	}
	return "", err
}

func (s *Server) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode,
	}
}

// signLearner returns "ID.MAC": the MAC proves the server issued the id,
// so nobody can claim another learner's progress by editing the cookie.
func (s *Server) signLearner(id string) string {
	return id + "." + s.learnerMAC(id)
}

func (s *Server) verifyLearner(v string) (string, bool) {
	id, mac, ok := strings.Cut(v, ".")
	if !ok || id == "" {
		return "", false
	}
	return id, hmac.Equal([]byte(mac), []byte(s.learnerMAC(id)))
}

func (s *Server) learnerMAC(id string) string {
	h := hmac.New(sha256.New, s.Config.SigningKey)
	h.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// checkCSRF returns EFORBIDDEN unless token is the session's CSRF token.
func checkCSRF(sess *learning.Session, token string) error {
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRFToken)) != 1 {
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
