package lrsapi

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// sameSiteOnly refuses requests to /xapi that another site's page made a
// browser send. A browser attaches the Basic credentials it has saved, and
// the learner's session cookie, to a plain cross-site form post (the 1.0.3
// alternate syntax is one), which needs no CORS preflight: without this,
// any page could store statements as the LRS's user. Lode answers no CORS
// preflight, so no legitimate cross-site browser request reaches /xapi;
// clients that are not browsers send neither header and are unaffected.
func (s *Server) sameSiteOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if strings.HasPrefix(r.URL.Path, "/xapi/") && crossSite(r) {
			return engine.Errorf(engine.EFORBIDDEN,
				"a page on another site cannot use this browser's credentials for the LRS; send the request from your own client")
		}
		return next(c)
	}
}

// crossSite reports whether a browser says the request comes from another
// site: Sec-Fetch-Site where the browser sends it, else an Origin whose
// host is not this request's.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return true
	case "same-origin", "none":
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host != r.Host
}
