package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/credential"
)

// registerCertificates adds the learner's records and certificates, the
// public verification page and the issuer's published key and profile.
func (s *Server) registerCertificates(e *echo.Echo) {
	e.GET("/records", s.handleRecords, s.pageSession)
	e.GET("/modules/:id/certificate", s.handleModuleCertificate, s.pageSession)
	e.GET("/certificates/:code", s.handleCertificate, s.pageSession)
	e.GET("/certificates/:code/certificate.pdf", s.handleCertificatePDF, s.pageSession)
	e.GET("/certificates/:code/badge.jwt", s.handleBadge, s.pageSession)
	// Verifiers are not learners: these pages make no session and set no
	// cookie.
	e.GET("/verify", s.handleVerifyForm)
	e.GET("/verify/:code", s.handleVerify)
	e.GET("/.well-known/jwks.json", s.handleJWKS)
	e.GET("/issuer", s.handleIssuerProfile)
}

type certificatePage struct {
	layout
	Cert        *credential.Certificate
	Issuer      string
	VerifyURL   string
	CompletedOn string
	IssuedOn    string
	// NeedName is set, with ModuleTitle, when the learner must add their
	// name before a certificate can be issued.
	NeedName    bool
	ModuleTitle string
}

// handleModuleCertificate answers GET /modules/:id/certificate, the link
// from the completion notice and the records page: it issues the
// learner's certificate for the module on the first visit (once, however
// often it is asked) and sends them to it; or asks for their name first.
func (s *Server) handleModuleCertificate(c echo.Context) error {
	cert, err := s.Certificates.Issue(c.Request().Context(), session(c).LearnerID, c.Param("id"))
	if errors.Is(err, credential.ErrNoName) {
		m, err := s.Delivery.Modules.Module(c.Param("id"))
		if err != nil {
			return err
		}
		page := certificatePage{NeedName: true, ModuleTitle: m.Title}
		page.layout = s.pageLayout(c, moduleLang(m))
		page.Title = page.loc.T("certificate.need_name_title")
		return s.render(c, http.StatusOK, "certificate", page)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/certificates/"+cert.Code)
}

// handleCertificate answers GET /certificates/:code: the printable
// certificate, for its learner only (404 for anyone else).
func (s *Server) handleCertificate(c echo.Context) error {
	cert, err := s.Certificates.Mine(c.Request().Context(), session(c).LearnerID, c.Param("code"))
	if err != nil {
		return err
	}
	iss := s.Certificates.Issuer
	page := certificatePage{Cert: cert, Issuer: iss.Name, VerifyURL: iss.VerifyURL(cert.Code)}
	page.layout = s.pageLayout(c, s.certificateLang(cert))
	page.Title = page.loc.T("certificate.title", "Module", cert.ModuleTitle)
	page.CompletedOn, page.IssuedOn = page.loc.Date(cert.CompletedAt), page.loc.Date(cert.IssuedAt)
	return s.render(c, http.StatusOK, "certificate", page)
}

// handleCertificatePDF answers GET /certificates/:code/certificate.pdf.
func (s *Server) handleCertificatePDF(c echo.Context) error {
	cert, err := s.Certificates.Mine(c.Request().Context(), session(c).LearnerID, c.Param("code"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.Certificates.Issuer.PDF(&buf, cert, s.locale(c, s.certificateLang(cert))); err != nil {
		return err
	}
	return download(c, "application/pdf", "certificate-"+cert.ModuleID+"-"+cert.Code+".pdf", buf.Bytes())
}

// handleBadge answers GET /certificates/:code/badge.jwt: the certificate
// as an Open Badges 3.0 credential, signed (VC-JWT), for the learner to
// keep and show anyone, who can check it without Lode.
func (s *Server) handleBadge(c echo.Context) error {
	cert, err := s.Certificates.Mine(c.Request().Context(), session(c).LearnerID, c.Param("code"))
	if err != nil {
		return err
	}
	token, err := s.Certificates.Issuer.Badge(cert)
	if err != nil {
		return err
	}
	return download(c, "application/jwt", "badge-"+cert.ModuleID+"-"+cert.Code+".jwt", []byte(token))
}

// download sends a learner's file: as an attachment, never cached by a
// shared computer's browser or a proxy, since it bears their name.
func download(c echo.Context, contentType, filename string, body []byte) error {
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	return c.Blob(http.StatusOK, contentType, body)
}

// certificateLang is the language a certificate is shown in: its
// module's, while the module is in the catalog; "" (the browser's) once
// it has left.
func (s *Server) certificateLang(cert *credential.Certificate) string {
	m, err := s.Delivery.Modules.Module(cert.ModuleID)
	if err != nil {
		return ""
	}
	return moduleLang(m)
}

// pageLayout is the layout of the records, certificate and verification
// pages, with their stylesheet; lang as for layout.
func (s *Server) pageLayout(c echo.Context, lang string) layout {
	l := s.layout(c, "", lang)
	css, _ := s.static.url("certificates.css") // embedded: always there
	l.Styles = []string{css}
	return l
}
