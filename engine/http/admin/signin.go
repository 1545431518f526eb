package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

// Sign-in attempts allowed per hour, from one network address, for one
// email from one address, and for one email from anywhere: enough for a
// forgetful person, far too few to guess a password. The email's own
// limit is per address first, so that someone elsewhere naming an
// administrator's email cannot lock them out with ten tries; only a
// guess spread over many networks meets the wider one.
const signInBodyBytes = 16 << 10

const (
	attemptsPerAddress   = 30
	attemptsPerEmail     = 10
	attemptsPerEmailWide = 100
)

// preCookie carries the sign-in form's CSRF token before any session
// exists (double submit), so that no other site can sign a browser in as
// someone else.
const preCookie = "lode_admin_signin"

func (s *Server) handleSignInPage(c echo.Context) error {
	return s.signInPage(c, http.StatusOK, "", "")
}

func (s *Server) signInPage(c echo.Context, status int, email, problem string) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	token := admin.RandomToken()
	c.SetCookie(&http.Cookie{Name: preCookie, Value: token, Path: "/admin/signin", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteStrictMode})
	return s.render(c, status, "signin", pageData{Title: "Sign in", CSRF: token, Email: email, Error: problem})
}

func (s *Server) handleSignIn(c echo.Context) error {
	ctx := c.Request().Context()
	// Read before anyone is known: a sign-in form is a few hundred bytes.
	r := c.Request()
	r.Body = http.MaxBytesReader(c.Response(), r.Body, signInBodyBytes)
	if err := r.ParseForm(); errors.As(err, new(*http.MaxBytesError)) {
		return engine.Errorf(engine.ETOOLARGE, "the sign-in form is larger than %d bytes", signInBodyBytes)
	} else if err != nil {
		return engine.FieldError("body", "the sign-in form could not be read: %v", err)
	}
	ck, err := c.Cookie(preCookie)
	if err != nil || checkCSRF(&admin.Session{CSRFToken: ck.Value}, c.FormValue("csrf_token")) != nil {
		return engine.Errorf(engine.EFORBIDDEN, "csrf_token: missing or out of date; reload the sign-in page and try again")
	}
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	err = s.limit(ctx, "admin-signin:addr:"+c.RealIP(), attemptsPerAddress, time.Hour, "from your network")
	if err == nil && email != "" {
		err = s.limit(ctx, "admin-signin:email:"+email+"|"+c.RealIP(), attemptsPerEmail, time.Hour, "for this email")
	}
	if err == nil && email != "" {
		err = s.limit(ctx, "admin-signin:email:"+email, attemptsPerEmailWide, time.Hour, "for this email")
	}
	if err != nil {
		return err
	}
	sess, err := s.Admins.SignIn(ctx, email, c.FormValue("password"))
	if engine.ErrorCode(err) == engine.EUNAUTHORIZED {
		return s.signInPage(c, http.StatusUnauthorized, email, engine.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: cookieName, Value: sess.Token, Path: "/admin", Expires: sess.ExpiresAt,
		HttpOnly: true, Secure: s.SecureCookie, SameSite: http.SameSiteStrictMode,
	})
	return c.Redirect(http.StatusSeeOther, "/admin")
}

func (s *Server) handleSignOut(c echo.Context) error {
	if ck, err := c.Cookie(cookieName); err == nil {
		if err := s.Admins.SignOut(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: cookieName, Path: "/admin", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookie, SameSite: http.SameSiteStrictMode})
	return c.Redirect(http.StatusSeeOther, "/admin/signin")
}
