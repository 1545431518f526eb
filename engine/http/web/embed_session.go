package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
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
const (
	embedCookie       = "lode_embed"
	embedBearerHeader = "X-Lode-Embed"
	embedBearerTTL    = 2 * time.Hour
	// noEmbedLearner is the header's value on an embed page that knows no
	// learner (no launch token, no cookie): its writes are refused with a
	// message that says so, not the one about an ended session.
	noEmbedLearner = "anonymous"
)

// embedCookieFor keeps an embed session in the frame's partition. It is
// always Secure: browsers require it of SameSite=None, and accept it on
// http://localhost.
func embedCookieFor(value string, maxAge time.Duration) *http.Cookie {
	return &http.Cookie{
		Name: embedCookie, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteNoneMode, Partitioned: true,
	}
}

// embedSession is the session an embed page runs in: started from a
// launch token (whose claims are returned too), resumed from the
// partitioned cookie, or else a visitor's, who can read but not save.
func (s *Server) embedSession(c echo.Context, allowed []string) (*learning.Session, *LaunchClaims, error) {
	ctx := c.Request().Context()
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
		c.SetCookie(embedCookieFor(sess.ID, 0))
		return sess, claims, nil
	}
	if ck, err := c.Cookie(embedCookie); err == nil && ck.Value != "" {
		sess, err := s.Sessions.Resume(ctx, ck.Value)
		if err == nil {
			return sess, nil, nil
		}
		if engine.ErrorCode(err) != engine.ENOTFOUND {
			return nil, nil, err
		}
		c.SetCookie(embedCookieFor("", -time.Second))
	}
	return &learning.Session{}, nil, nil
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
	sum := sha256.Sum256([]byte(token))
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

// embedBearer is the page's proof of its session: "SESSION.LEARNER.EXP.MAC".
func (s *Server) embedBearer(sess *learning.Session, now time.Time) string {
	if visiting(sess) {
		return noEmbedLearner
	}
	v := sess.ID + "." + sess.LearnerID + "." + strconv.FormatInt(now.Add(embedBearerTTL).Unix(), 10)
	return v + "." + s.mac("lode embed bearer\x00"+v)
}

// embedAPISession admits an interaction from an embed page by its bearer.
func (s *Server) embedAPISession(c echo.Context, bearer string) (*learning.Session, error) {
	if bearer == noEmbedLearner {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "this embedded activity does not know who you are, so your answer was not saved; open it in Lode, or ask the site to sign you in, to keep your progress")
	}
	parts := strings.Split(bearer, ".")
	if len(parts) != 4 || !hmac.Equal([]byte(parts[3]), []byte(s.mac("lode embed bearer\x00"+strings.Join(parts[:3], ".")))) {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "the %s header is not one this server issued, so this was not saved; reload the page", embedBearerHeader)
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || time.Now().Unix() > exp {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "this embedded page has been open too long, so this was not saved; reload the page and try again")
	}
	sess, err := s.Sessions.Resume(c.Request().Context(), parts[0])
	if engine.ErrorCode(err) == engine.ENOTFOUND || err == nil && sess.LearnerID != parts[1] {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "your session has ended, so this was not saved; reload the page and try again")
	}
	return sess, err
}

// resumeOrEmbedSession is apiSession's learner: the embed page's, when the
// request carries its bearer, else the session cookie's.
func (s *Server) resumeOrEmbedSession(c echo.Context) (*learning.Session, error) {
	if bearer := c.Request().Header.Get(embedBearerHeader); bearer != "" {
		return s.embedAPISession(c, bearer)
	}
	return s.resumeSession(c)
}
