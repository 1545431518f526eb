package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the pages in templates/, each executed inside layout.html.
var pageNames = []string{"catalog", "object", "profile", "error", "signin", "signinlink", "erased", "records", "certificate", "verify", "embed"}

// pages holds one parsed template set per page, built once at start.
type pages struct {
	sets map[string]*template.Template
}

func parsePages(static *staticAssets) (*pages, error) {
	funcs := template.FuncMap{"asset": static.url, "hours": formatHours}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/embed_panel.html")
	if err != nil {
		return nil, fmt.Errorf("http: parsing the layout: %w", err)
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("http: parsing the %s page: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// layout is what every page's frame needs.
type layout struct {
	Site      string
	Title     string // the <title>, before the site name
	Lang      string
	CSRF      string   // for lode.js, from <meta name="lode-csrf">
	Learner   bool     // a learner, not a visitor: there is someone to sign out
	Canonical string   // absolute or root-relative URL, when the page has another address
	Styles    []string // plugin stylesheets
	Scripts   []string // plugin scripts

	Embed *embedInfo // module and object pages: oEmbed discovery and the Embed panel
}

func (s *Server) layout(c echo.Context, title, lang string) layout {
	l := layout{Site: s.Config.SiteName, Title: title, Lang: lang, Embed: s.embedInfo(c)}
	if sess, ok := c.Get(ctxSession).(*learning.Session); ok {
		l.CSRF, l.Learner = sess.CSRFToken, !visiting(sess)
	}
	if l.Lang == "" {
		l.Lang = "en"
	}
	return l
}

// render executes a page into a buffer first, so that a template error
// becomes a clean error page rather than half a page.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	return s.renderCached(c, status, name, data, "private, no-cache")
}

// renderNoStore renders a page that holds a secret.
func (s *Server) renderNoStore(c echo.Context, status int, name string, data any) error {
	return s.renderCached(c, status, name, data, "no-store")
}

func (s *Server) renderCached(c echo.Context, status int, name string, data any, cacheControl string) error {
	var buf bytes.Buffer
	if err := s.pages.sets[name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "rendering the " + name + " page", Err: err}
	}
	h := c.Response().Header()
	// Pages show one learner's progress and carry their CSRF token.
	h.Set("Cache-Control", cacheControl)
	if status == http.StatusServiceUnavailable {
		h.Set("Retry-After", "2")
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// formatHours writes CE hours without trailing zeros: 1, 1.5, 0.25.
func formatHours(h float64) string {
	return strconv.FormatFloat(h, 'f', -1, 64)
}

func formatPercent(n int) string { return strconv.Itoa(n) + "%" }
