package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// handleSignOut handles POST /signout: on a shared computer the next
// patron must not find the last one's profile. It revokes every learner
// cookie issued so far (a copied cookie no longer restores the learner),
// ends every session of the learner, clears both cookies and sends the
// browser to the catalog, where the next page starts a new anonymous
// visitor. The revocation comes first: should ending the sessions fail,
// the cookies are already useless.
func (s *Server) handleSignOut(c echo.Context) error {
	sess, err := s.postedForm(c)
	if err != nil {
		return err
	}
	r := c.Request()
	if visiting(sess) { // nobody to sign out: only the cookies to clear
		s.clearCookies(c)
		return c.Redirect(http.StatusSeeOther, "/?signedout=1")
	}
	if _, err := s.Learners.RevokeLearnerCookies(r.Context(), sess.LearnerID); err != nil {
		return err
	}
	if err := s.Sessions.EndAll(r.Context(), sess.LearnerID); err != nil {
		return err
	}
	s.clearCookies(c)
	return c.Redirect(http.StatusSeeOther, "/?signedout=1")
}

// clearCookies tells the browser to drop the session and learner cookies.
func (s *Server) clearCookies(c echo.Context) {
	c.SetCookie(s.cookie(sessionCookie, "", -time.Second)) // MaxAge < 0: delete now
	c.SetCookie(s.cookie(learnerCookie, "", -time.Second))
	c.SetCookie(s.cookie(visitorCookie, "", -time.Second))
}

// postedForm reads a posted form under the body limit and checks its CSRF
// token, for the forms a page posts back; it returns the poster's session.
func (s *Server) postedForm(c echo.Context) (*learning.Session, error) {
	if err := s.readForm(c); err != nil {
		return nil, err
	}
	sess := session(c)
	return sess, checkCSRF(sess, c.Request().PostFormValue("csrf_token"))
}

// readForm parses a posted form under the body limit; EINVALID naming the
// body if it cannot be read.
func (s *Server) readForm(c echo.Context) error {
	r := c.Request()
	r.Body = http.MaxBytesReader(c.Response(), r.Body, s.Config.MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			return err
		}
		return engine.FieldError("body", "the form could not be read: %v", err)
	}
	return nil
}
