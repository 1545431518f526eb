package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// oEmbed 1.0 (https://oembed.com): a site such as WordPress, given the URL
// of a module or an object, asks /oembed for the iframe to put in its page.

// oembedJSON is a "rich" oEmbed response.
type oembedJSON struct {
	Type         string `json:"type"`
	Version      string `json:"version"`
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

// The default frame: 4:3, room for a quiz question and its feedback.
const embedWidth, embedHeight = 640, 480

// handleOEmbed answers GET /oembed?url=…[&format=json][&maxwidth][&maxheight].
func (s *Server) handleOEmbed(c echo.Context) error {
	if f := c.QueryParam("format"); f != "" && f != "json" {
		return c.NoContent(http.StatusNotImplemented) // the spec's answer for a format not offered
	}
	src, title, err := s.embedTarget(c.QueryParam("url"))
	if err != nil {
		return err
	}
	w, err := dimension(c, "maxwidth", embedWidth)
	if err != nil {
		return err
	}
	h, err := dimension(c, "maxheight", embedHeight)
	if err != nil {
		return err
	}
	w, h = min(w, h*embedWidth/embedHeight), min(h, w*embedHeight/embedWidth) // keep the ratio
	return c.JSON(http.StatusOK, oembedJSON{
		Type: "rich", Version: "1.0", Title: title, ProviderName: s.Config.SiteName, ProviderURL: s.Config.BaseURL + "/",
		HTML: embedSnippet(src, title, w, h), Width: w, Height: h,
	})
}

// embedTarget maps a module's or an object's page URL on this site to
// its embed URL and title; ENOTFOUND for any other URL.
func (s *Server) embedTarget(raw string) (src, title string, err error) {
	if raw == "" {
		return "", "", engine.FieldError("url", "missing; give the URL of a module or object page")
	}
	notFound := engine.Errorf(engine.ENOTFOUND, "%s is not a module or object page of this site", strconv.Quote(raw))
	u, perr := url.Parse(raw)
	base, _ := url.Parse(s.Config.BaseURL)
	if perr != nil || base == nil || u.Host != base.Host || u.Scheme != base.Scheme {
		return "", "", notFound
	}
	parts := strings.Split(strings.TrimPrefix(strings.TrimPrefix(u.Path, base.Path), "/"), "/")
	if len(parts) != 2 && len(parts) != 4 || parts[0] != "modules" || len(parts) == 4 && parts[2] != "objects" {
		return "", "", notFound
	}
	m, err := s.module(parts[1])
	if err != nil {
		return "", "", notFound
	}
	if len(parts) == 2 {
		return s.Config.BaseURL + "/embed/modules/" + url.PathEscape(m.ID), m.Title, nil
	}
	i := m.ObjectIndex(parts[3])
	if i < 0 {
		return "", "", notFound
	}
	return s.Config.BaseURL + "/embed" + objectURL(m.ID, m.Objects[i].ID), m.Objects[i].Title + " – " + m.Title, nil
}

func dimension(c echo.Context, name string, def int) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, engine.FieldError(name, "must be a whole number of pixels, 1 or more, not %q", v)
	}
	return min(n, def), nil
}

// embedSnippet is the iframe site editors paste: as wide as the column
// up to w, at the w:h ratio, which works without lode-embed.js; with it
// the frame follows its content's height.
func embedSnippet(src, title string, w, h int) string {
	return fmt.Sprintf(`<iframe src="%s" title="%s" width="%d" height="%d" style="border:0;width:100%%;max-width:%dpx;height:auto;aspect-ratio:%d/%d" allow="fullscreen" loading="lazy"></iframe>`,
		template.HTMLEscapeString(src), template.HTMLEscapeString(title), w, h, w, w, h)
}
