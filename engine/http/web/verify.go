package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
)

// verifyPerMinute is how many codes one address may check in a minute:
// far more than anyone checking certificates by hand, far fewer than a
// script trying codes needs (and codes have 60 random bits besides).
const verifyPerMinute = 30

type verifyPage struct {
	layout
	Code    string // as typed
	Checked bool   // a code was given: say whether it is valid
	Valid   bool
	Name    string
	Module  string
	Version string
	Date    string
	Hours   string
	Issuer  string
	JWKSURL string
}

// handleVerifyForm answers GET /verify: the form to type a code, which
// sends the verifier to /verify/CODE.
func (s *Server) handleVerifyForm(c echo.Context) error {
	code := strings.TrimSpace(c.QueryParam("code"))
	if code == "" {
		return s.renderVerify(c, http.StatusOK, verifyPage{})
	}
	if canonical, ok := credential.NormalizeCode(code); ok {
		return c.Redirect(http.StatusSeeOther, "/verify/"+canonical)
	}
	return s.renderVerify(c, http.StatusNotFound, verifyPage{Code: code, Checked: true})
}

// handleVerify answers GET /verify/:code for anyone: whether a
// certificate with the code exists and, if so, what it certifies. It
// shows nothing else about the learner.
func (s *Server) handleVerify(c echo.Context) error {
	ctx := c.Request().Context()
	if err := s.limit(ctx, "verify:addr:"+c.RealIP(), verifyPerMinute, time.Minute,
		"too many certificates checked from your network in a short time; try again in %s"); err != nil {
		return err
	}
	page := verifyPage{Code: c.Param("code"), Checked: true}
	cert, err := s.Certificates.Verify(ctx, page.Code)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return s.renderVerify(c, http.StatusNotFound, page)
	} else if err != nil {
		return err
	}
	page.Valid, page.Code = true, cert.Code
	page.Name, page.Module, page.Version = cert.LearnerName, cert.ModuleTitle, cert.ModuleVersion
	page.Date, page.Hours = s.locale(c, "").Date(cert.CompletedAt), credential.FormatHours(cert.CEHours)
	page.Issuer = s.Certificates.Issuer.Name
	return s.renderVerify(c, http.StatusOK, page)
}

func (s *Server) renderVerify(c echo.Context, status int, page verifyPage) error {
	page.layout = s.pageLayout(c, "")
	switch {
	case page.Valid:
		page.Title = page.loc.T("verify.valid_title")
	case page.Checked:
		page.Title = page.loc.T("verify.invalid_title")
	default:
		page.Title = page.loc.T("verify.title")
	}
	page.JWKSURL = s.Certificates.Issuer.JWKSURL()
	return s.render(c, status, "verify", page)
}

// handleJWKS answers GET /.well-known/jwks.json: the issuer's public key,
// which verifies every badge it signed. Anyone may fetch it, from any
// site.
func (s *Server) handleJWKS(c echo.Context) error {
	return publicJSON(c, "application/jwk-set+json", s.Certificates.Issuer.JWKS())
}

// handleIssuerProfile answers GET /issuer: the Open Badges issuer
// profile that badges name as their issuer.
func (s *Server) handleIssuerProfile(c echo.Context) error {
	p := s.Certificates.Issuer.Profile()
	p.Context = credential.Contexts
	return publicJSON(c, "application/ld+json", p)
}

func publicJSON(c echo.Context, contentType string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "encoding " + contentType, Err: err}
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Access-Control-Allow-Origin", "*")
	return c.Blob(http.StatusOK, contentType, body)
}
