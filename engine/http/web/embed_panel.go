package web

import (
	"net/url"

	"github.com/labstack/echo/v4"
)

// embedInfo is what module and object pages offer for embedding them: the
// oEmbed discovery link in <head> (so that pasting the page's URL into
// WordPress embeds it) and the Embed panel's snippet for site editors
// (templates/embed_panel.html).
type embedInfo struct {
	OEmbedURL string // this page's oEmbed endpoint
	Title     string
	Snippet   string // the iframe to paste
	Script    string // the optional script tag: resizing and events
}

// embedInfo returns the page's embed information, or nil for a page that
// cannot be embedded.
func (s *Server) embedInfo(c echo.Context) *embedInfo {
	if c.Request().Method != "GET" || c.Path() != "/modules/:id" && c.Path() != "/modules/:id/objects/:oid" {
		return nil
	}
	page := s.Config.BaseURL + c.Request().URL.Path
	src, title, err := s.embedTarget(page)
	if err != nil {
		return nil
	}
	return &embedInfo{
		OEmbedURL: s.Config.BaseURL + "/oembed?format=json&url=" + url.QueryEscape(page),
		Title:     title,
		Snippet:   embedSnippet(src, title, embedWidth, embedHeight),
		Script:    `<script async src="` + s.Config.BaseURL + `/embed.js"></script>`,
	}
}
