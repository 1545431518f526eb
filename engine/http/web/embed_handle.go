package web

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// The last way an embed keeps its anonymous learner, for browsers that
// clear even partitioned cookies (Safari, Firefox's strict modes): where
// the host page loads lode-embed.js, the host keeps a learner handle in its
// own, first-party localStorage and gives it back to the frame by
// postMessage (docs/embedding.md, "Identity kept by the host page").
//
// The handle is opaque and signed, not a learner id: "h1.ID.MAC", the MAC
// over the learner id and the embedding origin, with the server's key. So
// nobody can forge one for another learner, and a handle kept by one site
// is refused from another (a site that copied it, or whose page read it).
const (
	embedHandleHeader = "X-Lode-Embed-Handle" // a new anonymous learner's handle, for the host to keep
	embedOriginHeader = "X-Lode-Embed-Origin" // the embedding origin, as the frame's browser gave it
	ctxHandleRefused  = "lode.embedHandleRefused"
	ctxHandleAccepted = "lode.embedHandleAccepted"
)

// embedHandle is learnerID's handle for the site at origin.
func (s *Server) embedHandle(learnerID, origin string) string {
	id := base64.RawURLEncoding.EncodeToString([]byte(learnerID))
	return "h1." + id + "." + s.mac("lode embed handle\x00"+learnerID+"\x00"+origin)
}

// handleLearnerID is the learner id of a handle issued for origin.
func (s *Server) handleLearnerID(handle, origin string) (string, bool) {
	parts := strings.Split(handle, ".")
	if len(parts) != 3 || parts[0] != "h1" {
		return "", false
	}
	id, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || len(id) == 0 {
		return "", false
	}
	ok := hmac.Equal([]byte(parts[2]), []byte(s.mac("lode embed handle\x00"+string(id)+"\x00"+origin)))
	return string(id), ok
}

// handleSession starts the session of the learner whose handle the frame
// posted (form fields handle and handle_origin), if the handle was issued
// for that origin and the origin may embed the module. A refused handle
// is no fault of the learner's: nil, and the frame starts afresh.
func (s *Server) handleSession(c echo.Context, allowed []string) (*learning.Session, error) {
	ctx := c.Request().Context()
	origin := c.FormValue("handle_origin")
	id, ok := s.handleLearnerID(c.FormValue("handle"), origin)
	if !ok || !slices.Contains(allowed, origin) {
		s.log().Debug("embed learner handle refused", "origin", origin, "reason", "not issued for this origin, or the origin may not embed this module")
		return nil, nil
	}
	l, err := s.Learners.Learner(ctx, id)
	if engine.ErrorCode(err) == engine.ENOTFOUND || err == nil && l.MergedInto != "" {
		s.log().Debug("embed learner handle refused", "origin", origin, "reason", "its learner is gone or merged")
		return nil, nil
	}
	// A handle brings back an anonymous learner only. One who signed in
	// (a verified email) signs in again: the handle outlives cookies in
	// the library's storage, and the next patron at a shared computer must
	// not continue as them.
	if err == nil && l.EmailVerifiedAt != nil {
		s.log().Debug("embed learner handle refused", "origin", origin, "reason", "its learner has signed in")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sess, err := s.Sessions.Start(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	c.SetCookie(embedCookieFor(embedCookie, sess.ID, 0))
	c.SetCookie(embedCookieFor(embedLearnerCookie, s.signLearner(l.ID, l.CookieGeneration), learnerCookieAge))
	c.Set(ctxHandleAccepted, true)
	return sess, nil
}

// pageHandles gives the page of an anonymous embed learner their handle
// for each site that may frame it ("ORIGIN HANDLE ..."), so that the host
// page keeps one even when the learner was made before the host loaded
// lode-embed.js, or after it lost its storage. Anonymous: kept by a handle,
// or by the learner cookie, which launches clear.
func (s *Server) pageHandles(c echo.Context, sess *learning.Session, origins []string) string {
	anonymous := c.Get(ctxHandleAccepted) == true
	if ck, err := c.Cookie(embedLearnerCookie); err == nil && !visiting(sess) {
		id, _, ok := s.verifyLearner(ck.Value)
		anonymous = anonymous || ok && id == sess.LearnerID
	}
	if !anonymous {
		return ""
	}
	pairs := make([]string, 0, 2*len(origins))
	for _, o := range origins {
		pairs = append(pairs, o, s.embedHandle(sess.LearnerID, o))
	}
	return strings.Join(pairs, " ")
}

// postedHandle reports whether the request is the frame posting a handle.
// The page's script posts it with the page's visitor bearer and CSRF
// token, which content in the page cannot know: a content type's form
// carrying someone's handle cannot move the learner onto that learner.
func (s *Server) postedHandle(c echo.Context) bool {
	if c.Request().Method != http.MethodPost || c.FormValue("handle") == "" {
		return false
	}
	return s.checkVisitorBearer(c.FormValue("bearer"), c.FormValue("csrf_token")) == nil
}

// handOverHandle gives the frame of a new anonymous learner their handle
// for the embedding site its request names, to pass to the host page.
// Which site does not matter here: the handle is accepted back only from
// that site, and only if it may embed the module.
func (s *Server) handOverHandle(c echo.Context, learnerID string) {
	if o := c.Request().Header.Get(embedOriginHeader); isOrigin(o) {
		c.Response().Header().Set(embedHandleHeader, s.embedHandle(learnerID, o))
	}
}

// isOrigin reports whether o is a web origin, scheme://host[:port].
func isOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Scheme+"://"+u.Host == o
}

// identityAsk is what lode-frame.js does about the host's handle: "ask"
// a visitor's page, tell the host to forget a "refused" one, or nothing.
func identityAsk(c echo.Context, anonymous bool) string {
	switch {
	case c.Get(ctxHandleRefused) == true:
		return "refused"
	case anonymous:
		return "ask"
	}
	return ""
}
