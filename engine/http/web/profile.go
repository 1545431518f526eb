package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/learning"
)

type profilePage struct {
	layout
	Name, Email string
	Verified    bool              // signed in with Email: the account
	SignedIn    bool              // just signed in
	ResumeCode  string            // a new resume code, shown once
	Errors      map[string]string // by field: name, email
	FormError   string            // a problem with the whole form
	Saved       bool
}

// HasErrors tells the template to announce the errors.
func (p profilePage) HasErrors() bool { return len(p.Errors) > 0 || p.FormError != "" }

// handleProfile renders GET /profile.
func (s *Server) handleProfile(c echo.Context) error {
	page, err := s.profileOf(c, session(c))
	if err != nil {
		return err
	}
	page.Saved, page.SignedIn = c.QueryParam("saved") == "1", c.QueryParam("signedin") == "1"
	return s.renderProfile(c, http.StatusOK, page)
}

// profileOf is the profile page of sess's learner; empty for a visitor.
func (s *Server) profileOf(c echo.Context, sess *learning.Session) (profilePage, error) {
	if visiting(sess) {
		return profilePage{}, nil
	}
	l, err := s.Learners.Learner(c.Request().Context(), sess.LearnerID)
	if err != nil {
		return profilePage{}, err
	}
	return profilePage{Name: l.Name, Email: l.Email, Verified: l.EmailVerifiedAt != nil}, nil
}

// handleProfileUpdate handles POST /profile: on success it redirects
// (post/redirect/get) so that reloading does not post again; on a problem
// it shows the form again with what the learner typed and the error next
// to the field.
func (s *Server) handleProfileUpdate(c echo.Context) error {
	r := c.Request()
	if err := s.readForm(c); err != nil {
		return err
	}
	page := profilePage{Name: r.PostFormValue("name"), Email: r.PostFormValue("email")}
	sess, loc := session(c), s.locale(c, "")
	if checkCSRF(sess, r.PostFormValue("csrf_token")) != nil {
		// Usually a form left open across a lost session: the learner's
		// words are kept and one more click saves them.
		page.FormError = loc.T("profile.form_expired")
		if visiting(sess) && sess.CSRFToken == "" {
			sess.CSRFToken = s.newVisitor(c) // the form shown again must carry one
		}
		return s.renderProfile(c, http.StatusForbidden, page)
	}
	profile, err := learning.Profile{Name: page.Name, Email: page.Email}.Clean()
	if err == nil && visiting(sess) && profile == (learning.Profile{}) {
		return c.Redirect(http.StatusSeeOther, "/profile?saved=1") // nothing to keep, nobody to make
	}
	if err == nil {
		if sess, err = s.asLearner(c, sess); err == nil {
			if err = s.limitWrites(c, sess); err == nil {
				_, err = s.Delivery.UpdateProfile(r.Context(), sess.LearnerID, profile)
			}
		}
	}
	if fieldError(loc, err, "name", &page.Errors) || fieldError(loc, err, "email", &page.Errors) {
		return s.renderProfile(c, http.StatusBadRequest, page)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/profile?saved=1")
}

func (s *Server) renderProfile(c echo.Context, status int, page profilePage) error {
	page.layout = s.layout(c, "", "")
	page.Title = page.loc.T("profile.title")
	if page.HasErrors() {
		// said first, so screen-reader users hear it at once
		page.Title = page.loc.T("common.error_title", "Title", page.Title)
	}
	if page.ResumeCode != "" {
		// The code is a way in: no copy of this page may be kept.
		return s.renderNoStore(c, status, "profile", page)
	}
	return s.render(c, status, "profile", page)
}
