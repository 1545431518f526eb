package web

import (
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Every page refuses to be framed (the core's frame-ancestors 'none' and
// X-Frame-Options DENY), except /embed pages, which may be framed by the
// sites allowed to embed their module: the server's embed_origins and the
// module's own. With none, 'self': Lode's own pages (the Embed panel's
// preview) may still frame them, and no other site can.

// embedOrigins are the sites allowed to frame m's embed pages.
func (s *Server) embedOrigins(m *learning.Module) []string {
	out := slices.Clone(s.EmbedSites.List())
	for _, o := range m.EmbedOrigins {
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// allowFraming lets origins frame this response: it replaces the
// frame-ancestors directive of the policy the core set, so that the rest
// of the policy is the same on every page, and drops X-Frame-Options,
// which cannot name sites.
func allowFraming(c echo.Context, origins []string) {
	ancestors := "'self'"
	if len(origins) > 0 {
		ancestors = strings.Join(origins, " ")
	}
	h := c.Response().Header()
	h.Del("X-Frame-Options")
	directives := strings.Split(h.Get("Content-Security-Policy"), "; ")
	for i, d := range directives {
		if strings.HasPrefix(d, "frame-ancestors ") {
			directives = slices.Delete(directives, i, i+1)
			break
		}
	}
	if len(directives) == 1 && directives[0] == "" {
		directives = nil
	}
	h.Set("Content-Security-Policy", strings.Join(append(directives, "frame-ancestors "+ancestors), "; "))
}

// embedder refuses a frame whose parent page, as its Referer says, is on
// a site not allowed to embed the module: the browser would refuse to show
// the page anyway (frame-ancestors), but the launch would already have
// started a session. Without a Referer (a no-referrer site) the browser's
// check alone applies.
func (s *Server) embedder(c echo.Context, allowed []string) error {
	r := c.Request()
	if r.Header.Get("Sec-Fetch-Dest") != "iframe" || r.Referer() == "" {
		return nil
	}
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host == "" {
		return nil
	}
	origin := u.Scheme + "://" + u.Host
	if origin == s.Config.BaseURL || slices.Contains(allowed, origin) {
		return nil
	}
	return engine.Errorf(engine.EFORBIDDEN, "%s may not embed this module; its site's administrator can add it in the admin area (Embedding) or to embed_origins", origin)
}
