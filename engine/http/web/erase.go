package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/learning"
)

// handleErase handles POST /profile/erase: the patron's request that
// Lode forget them. The form must carry the CSRF token and the ticked
// confirmation; without the tick, /profile is shown again saying so, and
// nothing is erased. Erasing ends every session of the learner, so both
// cookies are cleared and the browser is sent to a page that needs no
// session, which starts no new learner.
func (s *Server) handleErase(c echo.Context) error {
	sess, err := s.postedForm(c)
	if err != nil {
		return err
	}
	r := c.Request()
	if visiting(sess) { // Lode holds nothing about a visitor
		s.clearCookies(c)
		return c.Redirect(http.StatusSeeOther, "/profile/erased")
	}
	if r.PostFormValue("confirm") != "yes" {
		page, err := s.profileOf(c, sess)
		if err != nil {
			return err
		}
		page.Errors = map[string]string{"confirm": s.locale(c, "").T("profile.erase_unconfirmed")}
		return s.renderProfile(c, http.StatusBadRequest, page)
	}
	e, err := s.Privacy.Erase(r.Context(), sess.LearnerID, learning.ErasedByPatron)
	if err != nil {
		return err
	}
	s.log().Info("learner erased at their request", "learner", e.LearnerID, "statements", e.Statements, "voided", e.Voided)
	s.clearCookies(c)
	return c.Redirect(http.StatusSeeOther, "/profile/erased")
}

// handleErased renders GET /profile/erased, the confirmation after an
// erasure. It runs without a session: a visitor who was just erased
// becomes nobody until they start again.
func (s *Server) handleErased(c echo.Context) error {
	l := s.layout(c, "", "")
	l.Title = l.loc.T("erased.title")
	return s.render(c, http.StatusOK, "erased", struct{ layout }{l})
}
