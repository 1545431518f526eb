package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/i18n"
	"github.com/lode-elearning/lode/engine/learning"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the pages in templates/, each executed inside layout.html.
var pageNames = []string{"catalog", "object", "profile", "error", "signin", "signinlink", "erased", "records", "certificate", "verify", "summary", "embed"}

// pages holds one parsed template set per locale and page, built once at
// start: each set's t, tn and th functions speak its locale.
type pages struct {
	sets map[string]map[string]*template.Template // by locale tag, then page
}

func parsePages(static *staticAssets, catalog *i18n.Catalog) (*pages, error) {
	p := &pages{sets: map[string]map[string]*template.Template{}}
	for _, loc := range catalog.Locales() {
		funcs := template.FuncMap{"asset": static.url, "hours": formatHours}
		maps.Copy(funcs, messageFuncs(loc))
		base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/embed_panel.html")
		if err != nil {
			return nil, fmt.Errorf("http: parsing the layout: %w", err)
		}
		p.sets[loc.Tag] = map[string]*template.Template{}
		for _, name := range pageNames {
			t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
			if err != nil {
				return nil, fmt.Errorf("http: parsing the %s page: %w", name, err)
			}
			p.sets[loc.Tag][name] = t
		}
	}
	return p, nil
}

// layout is what every page's frame needs.
type layout struct {
	Site      string
	Title     string   // the <title>, before the site name
	Lang      string   // the page's language: its locale's, or the module's in that language
	CSRF      string   // for lode.js, from <meta name="lode-csrf">
	Learner   bool     // a learner, not a visitor: there is someone to sign out
	Canonical string   // absolute or root-relative URL, when the page has another address
	Styles    []string // plugin stylesheets
	Scripts   []string // plugin scripts
	// Languages links to the page in the other languages; none on a
	// module's pages, which speak the module's.
	Languages []languageSwitch

	loc       *i18n.Locale // the words of the page
	byBrowser bool         // loc follows Accept-Language

	Embed *embedInfo // module and object pages: oEmbed discovery and the Embed panel
	Feed  string     // catalog pages: the feed of open modules, announced in <head>
	// Preview is the editor's address on a draft's tryout pages (see
	// Tryout), which show it in place of the learner's account links.
	Preview string
}

// layout is the frame of a page titled title. lang is the module's
// language on a module's pages, "" elsewhere (see locale).
func (s *Server) layout(c echo.Context, title, lang string) layout {
	l := layout{Site: s.Config.SiteName, Title: title, loc: s.locale(c, lang), byBrowser: lang == "", Embed: s.embedInfo(c)}
	l.Lang = l.loc.Tag
	if lang != "" && sameLanguage(lang, l.loc.Tag) {
		l.Lang = lang // es-MX says more than es to a screen reader
	}
	if lang == "" {
		path := "/" // a page answering a form: its address may take no GET
		if r := c.Request(); r.Method == http.MethodGet {
			path = r.URL.RequestURI()
		}
		l.Languages = s.switches(l.loc, path)
	}
	if sess, ok := c.Get(ctxSession).(*learning.Session); ok {
		l.CSRF, l.Learner = sess.CSRFToken, !visiting(sess)
	}
	return l
}

func (l layout) locale() *i18n.Locale { return l.loc }

func (l layout) browserLocale() bool { return l.byBrowser }

// render answers with a page that shows a learner's progress.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	return s.renderCached(c, status, name, data, "private, no-cache")
}

// renderNoStore renders a page that holds a secret.
func (s *Server) renderNoStore(c echo.Context, status int, name string, data any) error {
	return s.renderCached(c, status, name, data, "no-store")
}

func (s *Server) renderCached(c echo.Context, status int, name string, data any, cacheControl string) error {
	loc := s.catalog.Default()
	l, ok := data.(interface{ locale() *i18n.Locale })
	if ok && l.locale() != nil {
		loc = l.locale()
	}
	page, err := s.renderPage(loc.Tag, name, data)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	// Pages show one learner's progress and carry their CSRF token.
	h.Set("Cache-Control", cacheControl)
	if b, ok := data.(interface{ browserLocale() bool }); ok && b.browserLocale() {
		h.Add("Vary", "Accept-Language")
	}
	if status == http.StatusServiceUnavailable {
		h.Set("Retry-After", "2")
	}
	if status == http.StatusOK && cacheControl == "private, no-cache" && isRead(c.Request()) {
		h.Set("ETag", page.etag)
		if matchesNoneMatch(c.Request(), page.etag) {
			return c.NoContent(http.StatusNotModified)
		}
	}
	return c.HTMLBlob(status, page.body)
}

// renderPage executes a page into a buffer first, so that a template
// error becomes a clean error page rather than half a page. A page in
// cachedPages is kept under its key, and a repeat served from there.
func (s *Server) renderPage(tag, name string, data any) (renderedPage, error) {
	var key pageCacheKey
	keyed := cachedPages[name]
	if keyed {
		key, keyed = pageKey(tag, name, data)
	}
	if keyed {
		if p, ok := s.rendered.Get(key); ok {
			return p, nil
		}
	}
	var buf bytes.Buffer
	if err := s.pages.sets[tag][name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return renderedPage{}, &engine.Error{Code: engine.EINTERNAL, Message: "rendering the " + name + " page", Err: err}
	}
	p := renderedPage{body: buf.Bytes(), etag: pageETag(buf.Bytes())}
	if keyed {
		s.rendered.Put(key, p)
	}
	return p, nil
}

// formatHours writes CE hours without trailing zeros: 1, 1.5, 0.25.
func formatHours(h float64) string {
	return strconv.FormatFloat(h, 'f', -1, 64)
}

func formatPercent(n int) string { return strconv.Itoa(n) + "%" }
