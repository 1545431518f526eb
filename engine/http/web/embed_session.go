package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// In a frame on another site, browsers refuse Lode's first-party cookies
// (SameSite=Lax, and third-party cookies blocked). An embed launch keeps
// its session two ways at once:
//   - a partitioned cookie (CHIPS: Secure; SameSite=None; Partitioned),
//     kept per embedding site, which lets the frame move between steps;
//   - a bearer in the page, which lode-frame.js sends with each event in
//     the X-Lode-Embed header, for browsers that refuse even that cookie.
//
// The bearer names the session and its learner, expires, and is signed
// with the server's key; the session's CSRF token is still required.
//
// A frame with no launch token is a visitor's, as on Lode: their first
// answer makes them an anonymous learner, kept for that embedding site by
// a partitioned learner cookie (and, without cookies, by the new bearer
// the answer's response carries), who can take a resume code elsewhere.
const (
	embedCookie        = "lode_embed"
	embedLearnerCookie = "lode_embed_learner" // an anonymous embed learner's, signed like lode_learner
	embedBearerHeader  = "X-Lode-Embed"
	embedBearerTTL     = 2 * time.Hour
)

// embedCookieFor keeps an embed session in the frame's partition. It is
// always Secure: browsers require it of SameSite=None, and accept it on
// http://localhost.
func embedCookieFor(name, value string, maxAge time.Duration) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteNoneMode, Partitioned: true,
	}
}

// embedSession is the session an embed page runs in: started from a
// launch token (whose claims are returned too), resumed from the
// partitioned cookie, or else a visitor's, who can read but not save.
func (s *Server) embedSession(c echo.Context, allowed []string) (*learning.Session, *LaunchClaims, error) {
	ctx := c.Request().Context()
	// Posted fields (a bearer, a handle) are read before anyone is known:
	// bound the body, so that a large one cannot fill memory or disk.
	if c.Request().Method == http.MethodPost {
		if err := s.readForm(c); err != nil {
			return nil, nil, err
		}
	}
	if token := c.QueryParam("launch"); token != "" {
		claims, err := s.verifyLaunch(token, allowed, time.Now())
		if err == nil {
			err = s.useLaunchOnce(ctx, token, claims)
		}
		if err != nil {
			return nil, nil, err
		}
		l, err := s.Delivery.EmbedLearner(ctx, learning.EmbedIdentity{
			Site: claims.Issuer, Subject: claims.Subject, Name: claims.Name, Email: claims.Email,
		})
		if err != nil {
			return nil, nil, err
		}
		sess, err := s.Sessions.Start(ctx, l.ID)
		if err != nil {
			return nil, nil, err
		}
		c.SetCookie(embedCookieFor(embedCookie, sess.ID, 0))
		if hasCookie(c, embedLearnerCookie) { // an anonymous learner's on this browser: not this user's
			c.SetCookie(embedCookieFor(embedLearnerCookie, "", -time.Second))
		}
		return sess, claims, nil
	}
	if b := c.FormValue("bearer"); c.Request().Method == http.MethodPost && b != "" && !strings.HasPrefix(b, "v.") {
		sess, err := s.learnerBearer(c, b) // the pager's links, posted by lode-frame.js where cookies are refused
		return sess, nil, err
	}
	if ck, err := c.Cookie(embedCookie); err == nil && ck.Value != "" {
		sess, err := s.Sessions.Resume(ctx, ck.Value)
		if err == nil {
			return sess, nil, nil
		}
		if engine.ErrorCode(err) != engine.ENOTFOUND {
			return nil, nil, err
		}
		c.SetCookie(embedCookieFor(embedCookie, "", -time.Second))
	}
	if s.postedHandle(c) { // the host page's handle, where no cookie kept the learner: see embed_handle.go
		if sess, err := s.handleSession(c, allowed); sess != nil || err != nil {
			return sess, nil, err
		}
		c.Set(ctxHandleRefused, true)
	}
	sess, err := s.anonymousEmbedLearner(c)
	return sess, nil, err
}

// anonymousEmbedLearner is the session of the anonymous learner the
// partitioned learner cookie names, restarted; or else a visitor's, whose
// CSRF token is random: the bearer vouches for it (embedBearer).
func (s *Server) anonymousEmbedLearner(c echo.Context) (*learning.Session, error) {
	if ck, err := c.Cookie(embedLearnerCookie); err == nil && ck.Value != "" {
		l, err := s.signedLearner(c.Request().Context(), ck.Value)
		if err != nil {
			return nil, err
		}
		// Only an anonymous learner: one who has since signed in (by the
		// resume code, then by email) signs in again, so that the next
		// patron at a shared computer does not continue as them.
		if l != nil && l.EmailVerifiedAt == nil {
			sess, err := s.Sessions.Start(c.Request().Context(), l.ID)
			if err == nil {
				c.SetCookie(embedCookieFor(embedCookie, sess.ID, 0))
			}
			return sess, err
		}
		c.SetCookie(embedCookieFor(embedLearnerCookie, "", -time.Second))
	}
	b := make([]byte, 18)
	rand.Read(b)
	return &learning.Session{CSRFToken: "e." + base64.RawURLEncoding.EncodeToString(b)}, nil
}

// useLaunchOnce refuses a launch token seen before: one that leaked (a
// log, the history) must not let someone else in as the learner. Tokens
// are remembered by hash until they expire, in the limiter, which servers
// share through Redis; without a limiter, the token's short life is the
// only bound.
func (s *Server) useLaunchOnce(ctx context.Context, token string, c *LaunchClaims) error {
	if s.Limiter == nil {
		return nil
	}
	// The signed part (header and payload), not the whole text: a
	// signature's last character has spare bits, so one token has several
	// spellings that all verify.
	signed := token
	if i := strings.LastIndexByte(token, '.'); i > 0 {
		signed = token[:i]
	}
	sum := sha256.Sum256([]byte(signed))
	life := time.Until(c.Expiry.Time()) + time.Minute // the leeway verifyLaunch allows, and more
	wait, err := s.Limiter.Allow(ctx, "embed-launch:"+hex.EncodeToString(sum[:16]), 1, life)
	if err != nil {
		return err
	}
	if wait > 0 {
		return engine.Errorf(engine.EUNAUTHORIZED, "this launch token has been used already; each frame needs a new one (reload the page around this frame)")
	}
	return nil
}

// embedBearer is the page's proof of its session, "SESSION.LEARNER.EXP.MAC",
// or for a visitor "v.EXP.MAC", which vouches for the page's CSRF token.
func (s *Server) embedBearer(sess *learning.Session, now time.Time) string {
	exp := strconv.FormatInt(now.Add(embedBearerTTL).Unix(), 10)
	if visiting(sess) {
		return "v." + exp + "." + s.mac("lode embed visitor\x00"+exp+"\x00"+sess.CSRFToken)
	}
	v := sess.ID + "." + sess.LearnerID + "." + exp
	return v + "." + s.mac("lode embed bearer\x00"+v)
}

// embedAPISession admits an interaction from an embed page by its bearer.
func (s *Server) embedAPISession(c echo.Context, bearer string) (*learning.Session, error) {
	if !strings.HasPrefix(bearer, "v.") {
		return s.learnerBearer(c, bearer)
	}
	csrf := c.Request().Header.Get("X-CSRF-Token")
	if err := s.checkVisitorBearer(bearer, csrf); err != nil {
		return nil, err
	}
	c.Response().Before(func() { s.handOverEmbed(c) })
	return &learning.Session{CSRFToken: csrf}, nil
}

// checkVisitorBearer checks a visitor's bearer, "v.EXP.MAC", against the
// page's CSRF token it vouches for.
func (s *Server) checkVisitorBearer(bearer, csrf string) error {
	parts := strings.Split(bearer, ".")
	if len(parts) != 3 || parts[0] != "v" || !hmac.Equal([]byte(parts[2]), []byte(s.mac("lode embed visitor\x00"+parts[1]+"\x00"+csrf))) {
		return errForeignBearer
	}
	return bearerExpired(parts[1])
}

// learnerBearer is the session a learner's bearer names, if it is still
// theirs.
func (s *Server) learnerBearer(c echo.Context, bearer string) (*learning.Session, error) {
	parts := strings.Split(bearer, ".")
	if len(parts) != 4 || !hmac.Equal([]byte(parts[3]), []byte(s.mac("lode embed bearer\x00"+strings.Join(parts[:3], ".")))) {
		return nil, errForeignBearer
	}
	if err := bearerExpired(parts[2]); err != nil {
		return nil, err
	}
	sess, err := s.Sessions.Resume(c.Request().Context(), parts[0])
	if engine.ErrorCode(err) == engine.ENOTFOUND || err == nil && sess.LearnerID != parts[1] {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "your session has ended, so this was not saved; reload the page and try again")
	}
	return sess, err
}

var errForeignBearer = engine.Errorf(engine.EUNAUTHORIZED, "the %s header is not one this server issued for this page, so this was not saved; reload the page", embedBearerHeader)

func bearerExpired(exp string) error {
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || time.Now().Unix() > n {
		return engine.Errorf(engine.EUNAUTHORIZED, "this embedded page has been open too long, so this was not saved; reload the page and try again")
	}
	return nil
}

// handOverEmbed gives an embed page whose visitor has just become a
// learner what keeps them: the partitioned cookies, and a learner's bearer
// in the response's header, which lode-frame.js sends from then on.
func (s *Server) handOverEmbed(c echo.Context) {
	sess, ok := c.Get(ctxSession).(*learning.Session)
	if !ok || visiting(sess) {
		return // refused: still a visitor
	}
	c.SetCookie(embedCookieFor(embedCookie, sess.ID, 0))
	c.SetCookie(embedCookieFor(embedLearnerCookie, s.signLearner(sess.LearnerID, 0), learnerCookieAge))
	c.Response().Header().Set(embedBearerHeader, s.embedBearer(sess, time.Now()))
	s.handOverHandle(c, sess.LearnerID)
}

// resumeOrEmbedSession is apiSession's learner: the embed page's, when the
// request carries its bearer, else the session cookie's.
func (s *Server) resumeOrEmbedSession(c echo.Context) (*learning.Session, error) {
	if bearer := c.Request().Header.Get(embedBearerHeader); bearer != "" {
		return s.embedAPISession(c, bearer)
	}
	return s.resumeSession(c)
}
