package admin

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/feed"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
)

//go:embed templates/*.html templates/admin.css
var templateFS embed.FS

// pages are the admin area's templates, each parsed with the layout.
type pages map[string]*template.Template

var pageNames = []string{"signin", "modules", "administrators", "audit", "lrs", "tokens", "embed", "reports", "report_module", "report_learner",
	"report_competencies", "feeds", "editor_list", "editor_draft", "editor_object", "editor_conflict", "editor_history", "editor_preview"}

func parsePages() (pages, error) {
	funcs := template.FuncMap{"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
		"percent":   func(v *float64) string { return strconv.FormatFloat(*v*100, 'f', 0, 64) + "%" },
		"percentOf": func(v float64) string { return strconv.FormatFloat(v*100, 'f', 0, 64) + "%" },
		"hours":     func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }}
	p := pages{}
	for _, name := range pageNames {
		files := []string{"templates/layout.html", "templates/" + name + ".html"}
		if strings.HasPrefix(name, "editor_") {
			files = append(files, "templates/editor_parts.html")
		}
		t, err := template.New("layout.html").Funcs(funcs).Funcs(editorFuncs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, err
		}
		p[name] = t
	}
	return p, nil
}

// pageData is what every page's template reads; each page fills its part.
type pageData struct {
	Title   string
	Session *admin.Session // nil on the sign-in page
	CSRF    string
	Error   string
	Email   string

	Modules        []moduleRow
	Administrators []admin.Administrator
	Entries        []admin.Entry
	Next           int64          // the audit log's next page: entries before it; 0 for none
	Origins        []string       // the sites every module may be framed by, now
	ConfigOrigins  []string       // the configuration's embed_origins
	EmbedSetting   *admin.Setting // the list set in the admin area; nil: the configuration's
	OriginsText    string         // the form's text
	Problems       []module.Problem

	Clients   []lrs.Client
	Scopes    []string
	NewClient *lrs.Client // just created: its secret is shown once
	Secret    string      // the new client's or token's, shown once

	Editor *editorData

	Tokens   []admin.Token
	NewToken *admin.Token // just created: its secret is shown once

	ModuleReport     *moduleReport
	LearnerReport    *learnerReport
	CompetencyReport *competencyReport

	Feeds       []*feed.Listing
	FeedUpdates int    // the modules of which a feed offers a newer version than the one imported
	FeedURL     string // the address typed, shown again when it was refused
}

func (s *Server) render(c echo.Context, status int, name string, d pageData) error {
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, d); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// signedIn is the page data of a signed-in page.
func signedIn(c echo.Context, title string) pageData {
	sess := session(c)
	return pageData{Title: title, Session: sess, CSRF: sess.CSRFToken}
}

// handleCSS serves the stylesheet, public like any stylesheet: it says
// nothing about the site.
func (s *Server) handleCSS(c echo.Context) error {
	css, err := templateFS.ReadFile("templates/admin.css")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", css)
}

// asset serves a fixed stylesheet or script, public like admin.css.
func asset(contentType, body string) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=3600")
		return c.Blob(http.StatusOK, contentType, []byte(body))
	}
}
