package admin

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// handleEmbed shows which sites may frame Lode and edits the list every
// module shares: the one set here, or else the configuration's
// embed_origins. Each module's own embed_origins live in its module.yaml,
// so they are shown, and changed by an import.
func (s *Server) handleEmbed(c echo.Context) error {
	return s.embedPage(c, http.StatusOK, signedIn(c, "Embedding"), "")
}

func (s *Server) embedPage(c echo.Context, status int, d pageData, typed string) error {
	_, set, err := s.Admins.EmbedOrigins(c.Request().Context())
	if err != nil {
		return err
	}
	d.Origins, d.EmbedSetting, d.ConfigOrigins = s.EmbedSites.List(), set, s.EmbedOrigins
	d.OriginsText = typed
	if status == http.StatusOK {
		d.OriginsText = strings.Join(d.Origins, "\n")
	}
	for _, m := range s.Catalog.Modules() {
		if len(m.EmbedOrigins) > 0 {
			d.Modules = append(d.Modules, moduleRow{Module: m, Published: true})
		}
	}
	return s.render(c, status, "embed", d)
}

// handleSetEmbed stores the list typed, one origin a line: every server
// of the site applies it within sync_interval, this one at once.
func (s *Server) handleSetEmbed(c echo.Context) error {
	typed := c.FormValue("origins")
	origins, err := s.Admins.SetEmbedOrigins(c.Request().Context(), session(c).Email, "origins", typed)
	if engine.ErrorCode(err) == engine.EINVALID {
		d := signedIn(c, "Embedding")
		d.Error = engine.ErrorMessage(err)
		return s.embedPage(c, http.StatusBadRequest, d, typed)
	} else if err != nil {
		return err
	}
	s.EmbedSites.Set(origins)
	return c.Redirect(http.StatusSeeOther, "/admin/embed")
}

// handleResetEmbed goes back to the configuration's embed_origins.
func (s *Server) handleResetEmbed(c echo.Context) error {
	if err := s.Admins.ResetEmbedOrigins(c.Request().Context(), session(c).Email); err != nil {
		return err
	}
	s.EmbedSites.Set(s.EmbedOrigins)
	return c.Redirect(http.StatusSeeOther, "/admin/embed")
}
