package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/i18n"
)

// languageCookie keeps the language a learner chose with the switch in
// the header, over their browser's: a shared desk computer's browser is
// set for whoever set it up.
const languageCookie = "lode_lang"

// locale is the language of a page's words: on a module's pages (lang,
// the module's language, set) the module's when Lode speaks it, so that
// the frame matches the content and what content types render;
// elsewhere the language the learner chose, else the browser's
// (Accept-Language); English otherwise.
func (s *Server) locale(c echo.Context, lang string) *i18n.Locale {
	if lang != "" {
		return s.catalog.ForModule(lang)
	}
	if ck, err := c.Cookie(languageCookie); err == nil {
		if loc := s.catalog.Shipped(ck.Value); loc != nil {
			return loc
		}
	}
	return s.catalog.ForBrowser(c.Request().Header.Get("Accept-Language"))
}

// languageSwitch is a link to the page in another shipped language,
// named in that language (Español, English).
type languageSwitch struct {
	Tag, Name, URL string
}

// switches are the links to the other languages, back to path.
func (s *Server) switches(current *i18n.Locale, path string) []languageSwitch {
	var out []languageSwitch
	for _, loc := range s.catalog.Locales() {
		if loc != current {
			out = append(out, languageSwitch{Tag: loc.Tag, Name: loc.T("language.name"),
				URL: "/language/" + loc.Tag + "?to=" + url.QueryEscape(path)})
		}
	}
	return out
}

// handleLanguage answers GET /language/:tag?to=PATH: it keeps the
// learner's choice of language and sends them back to the page they
// were on (a path on this site only).
func (s *Server) handleLanguage(c echo.Context) error {
	loc := s.catalog.Shipped(c.Param("tag"))
	if loc == nil {
		return engine.Errorf(engine.ENOTFOUND, "this site is not available in %q", c.Param("tag"))
	}
	c.SetCookie(s.cookie(languageCookie, loc.Tag, languageCookieAge))
	return c.Redirect(http.StatusSeeOther, localPath(c.QueryParam("to")))
}

const languageCookieAge = 365 * 24 * time.Hour

// localPath is to when it is a path on this site, else "/": the link
// must not send anyone elsewhere (//evil.example is another site).
func localPath(to string) string {
	if !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") || strings.HasPrefix(to, "/\\") {
		return "/"
	}
	return to
}

// sameLanguage reports whether two BCP 47 tags name the same language
// (es-MX and es), whatever their region or script.
func sameLanguage(a, b string) bool {
	ta, errA := language.Parse(a)
	tb, errB := language.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	ba, _ := ta.Base()
	bb, _ := tb.Base()
	return ba == bb
}

// messageFuncs are the template functions that say loc's messages:
//
//	{{t "profile.title"}}                      a message
//	{{t "records.completed_on" "Date" .Date}}  with name, value pairs
//	{{tn "common.ce_hours" .Hours}}            a plural, by count
//	{{th "profile.verified_html" "Email" .E}}  a message with markup
func messageFuncs(loc *i18n.Locale) template.FuncMap {
	return template.FuncMap{
		"t":  loc.T,
		"tn": loc.N,
		"th": func(id string, pairs ...any) template.HTML {
			return template.HTML(loc.T(id, escapeValues(pairs)...)) // the catalog is ours; values are escaped
		},
	}
}

// escapeValues escapes the values of name, value pairs for a message
// whose markup is kept: the catalog is trusted, what fills it is not.
func escapeValues(pairs []any) []any {
	out := make([]any, len(pairs))
	for i, v := range pairs {
		if i%2 == 0 {
			out[i] = v // a name
		} else {
			out[i] = template.HTMLEscapeString(fmt.Sprint(v))
		}
	}
	return out
}
