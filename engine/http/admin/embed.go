package admin

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// handleEmbed shows which sites may frame Lode: the embed_origins
// setting and each module's own embed_origins. Both are files (the
// configuration, module.yaml), so the page shows them rather than edits
// them; changing them is a deploy or an import.
func (s *Server) handleEmbed(c echo.Context) error {
	d := signedIn(c, "Embedding")
	d.Origins = s.EmbedOrigins
	for _, m := range s.Catalog.Modules() {
		if len(m.EmbedOrigins) > 0 {
			d.Modules = append(d.Modules, moduleRow{Module: m, Published: true})
		}
	}
	return s.render(c, http.StatusOK, "embed", d)
}
