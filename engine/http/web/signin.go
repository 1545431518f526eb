package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/i18n"
	"github.com/lode-elearning/lode/engine/learning"
)

// Signing in is by a one-time link mailed to the learner, or by a resume
// code they keep (learning.Accounts). Every attempt is limited: links per
// address and per email (each sends a mail), codes per address (a code is
// a secret that could be guessed).
const (
	linksPerAddress = 10 // an hour
	linksPerEmail   = 5  // an hour
	codesPerAddress = 10 // a minute
)

type signInPage struct {
	layout
	Email     string
	Sent      bool   // a link was mailed
	MailOff   bool   // no way to send mail: only the resume code works
	Token     string // the confirm page's link token
	Errors    map[string]string
	FormError string
}

// HasErrors tells the template to announce the errors.
func (p signInPage) HasErrors() bool { return len(p.Errors) > 0 || p.FormError != "" }

// handleSignIn renders GET /signin: the email form and the resume code form.
func (s *Server) handleSignIn(c echo.Context) error {
	return s.renderSignIn(c, http.StatusOK, "signin", signInPage{Sent: c.QueryParam("sent") == "1"})
}

// handleSignInRequest handles POST /signin: it mails a sign-in link.
func (s *Server) handleSignInRequest(c echo.Context) error {
	r := c.Request()
	if err := s.readForm(c); err != nil {
		return err
	}
	page, loc := signInPage{Email: r.PostFormValue("email")}, s.locale(c, "")
	if checkCSRF(session(c), r.PostFormValue("csrf_token")) != nil {
		page.FormError = loc.T("signin.email_expired")
		return s.renderSignIn(c, http.StatusForbidden, "signin", page)
	}
	if s.Accounts.Mail == nil {
		return s.renderSignIn(c, http.StatusServiceUnavailable, "signin", page)
	}
	email := strings.TrimSpace(page.Email)
	ctx := r.Context()
	err := s.limit(ctx, "signin-link:addr:"+c.RealIP(), linksPerAddress, time.Hour, "too many sign-in links asked for from your network; try again in %s")
	if err == nil {
		err = s.limit(ctx, "signin-link:email:"+strings.ToLower(email), linksPerEmail, time.Hour, "too many sign-in links sent to this address; use the last one, or try again in %s")
	}
	if err == nil {
		err = s.Accounts.RequestLink(ctx, email, func(token string) string {
			return s.Config.BaseURL + "/signin/link?token=" + url.QueryEscape(token)
		}, func(link string, ttl time.Duration) (string, string) {
			site := s.Config.SiteName
			return loc.T("mail.signin.subject", "Site", site),
				loc.T("mail.signin.body", "Minutes", int(ttl.Minutes()), "Site", site, "Link", link)
		})
	}
	if fieldError(loc, err, "email", &page.Errors) {
		return s.renderSignIn(c, http.StatusBadRequest, "signin", page)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/signin?sent=1")
}

// handleSignInLink renders GET /signin/link: a page with a button, not the
// sign-in itself, because mail scanners open links before the learner
// does and would use up a one-time link.
func (s *Server) handleSignInLink(c echo.Context) error {
	return s.renderSignIn(c, http.StatusOK, "signinlink", signInPage{Token: c.QueryParam("token")})
}

// handleSignInWithLink handles POST /signin/link.
func (s *Server) handleSignInWithLink(c echo.Context) error {
	r := c.Request()
	if err := s.readForm(c); err != nil {
		return err
	}
	page, loc := signInPage{Token: r.PostFormValue("token")}, s.locale(c, "")
	if checkCSRF(session(c), r.PostFormValue("csrf_token")) != nil {
		page.FormError = loc.T("signin.link_expired")
		return s.renderSignIn(c, http.StatusForbidden, "signinlink", page)
	}
	l, err := s.Accounts.SignInWithLink(r.Context(), page.Token, session(c).LearnerID)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		page.FormError = loc.T("signin.link_used")
		return s.renderSignIn(c, http.StatusGone, "signin", page)
	}
	if err != nil {
		return err
	}
	return s.signedIn(c, l)
}

// handleSignInWithCode handles POST /signin/code.
func (s *Server) handleSignInWithCode(c echo.Context) error {
	r := c.Request()
	if err := s.readForm(c); err != nil {
		return err
	}
	page, loc := signInPage{}, s.locale(c, "")
	if checkCSRF(session(c), r.PostFormValue("csrf_token")) != nil {
		page.FormError = loc.T("signin.code_expired")
		return s.renderSignIn(c, http.StatusForbidden, "signin", page)
	}
	err := s.limit(r.Context(), "signin-code:addr:"+c.RealIP(), codesPerAddress, time.Minute, "too many resume codes tried from your network; try again in %s")
	var l *learning.Learner
	if err == nil {
		l, err = s.Accounts.SignInWithCode(r.Context(), r.PostFormValue("code"), session(c).LearnerID)
	}
	if fieldError(loc, err, "code", &page.Errors) {
		return s.renderSignIn(c, http.StatusBadRequest, "signin", page)
	}
	if err != nil {
		return err
	}
	return s.signedIn(c, l)
}

// signedIn ends the browser's session and starts one for the learner
// signed in to. On a public computer (the box ticked) no learner cookie
// is set: closing the browser signs them out.
func (s *Server) signedIn(c echo.Context, l *learning.Learner) error {
	ctx := c.Request().Context()
	if sess := session(c); !visiting(sess) {
		if err := s.Sessions.End(ctx, sess.ID); err != nil {
			return err
		}
	}
	sess, err := s.Sessions.Start(ctx, l.ID)
	if err != nil {
		return err
	}
	c.SetCookie(s.cookie(sessionCookie, sess.ID, 0))
	c.SetCookie(s.cookie(visitorCookie, "", -time.Second))
	if c.Request().PostFormValue("public") == "1" {
		c.SetCookie(s.cookie(learnerCookie, "", -time.Second))
	} else {
		c.SetCookie(s.cookie(learnerCookie, s.signLearner(l.ID, l.CookieGeneration), learnerCookieAge))
	}
	return c.Redirect(http.StatusSeeOther, "/profile?signedin=1")
}

// handleResumeCode handles POST /profile/resume-code: a new resume code,
// shown once on the profile page.
func (s *Server) handleResumeCode(c echo.Context) error {
	sess, err := s.postedForm(c)
	if err != nil {
		return err
	}
	r := c.Request()
	sess, err = s.asLearner(c, sess)
	if err != nil {
		return err
	}
	code, err := s.Accounts.NewResumeCode(r.Context(), sess.LearnerID)
	if err != nil {
		return err
	}
	page, err := s.profileOf(c, sess)
	if err != nil {
		return err
	}
	page.ResumeCode = code
	return s.renderProfile(c, http.StatusOK, page)
}

func (s *Server) renderSignIn(c echo.Context, status int, name string, page signInPage) error {
	page.MailOff = s.Accounts.Mail == nil
	page.layout = s.layout(c, "", "")
	page.Title = page.loc.T("signin.title")
	if page.HasErrors() {
		page.Title = page.loc.T("common.error_title", "Title", page.Title)
	}
	return s.render(c, status, name, page)
}

// fieldError reports whether err is an EINVALID naming field, and if so
// puts its message in errs for the form: the engine's own in English,
// which says exactly what is wrong; in another language the catalog's
// field.<field>, since the engine's messages are not translated.
func fieldError(loc *i18n.Locale, err error, field string, errs *map[string]string) bool {
	var e *engine.Error
	if !errors.As(err, &e) || e.Code != engine.EINVALID || e.Field != field {
		return false
	}
	msg := sentence(e.Message)
	if loc.Tag != i18n.DefaultTag {
		msg = loc.T("field." + field)
	}
	*errs = map[string]string{field: msg}
	return true
}
