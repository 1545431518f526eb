package web

import (
	"fmt"
	"html/template"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/lode-elearning/lode/engine/i18n"
)

// locale is the language of a page's words: on a module's pages (lang,
// the module's language, set) the module's when Lode speaks it, so that
// the frame matches the content and what content types render;
// elsewhere the browser's choice (Accept-Language); English otherwise.
func (s *Server) locale(c echo.Context, lang string) *i18n.Locale {
	if lang != "" {
		return s.catalog.ForModule(lang)
	}
	return s.catalog.ForBrowser(c.Request().Header.Get("Accept-Language"))
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
			return template.HTML(loc.T(id, escapeValues(pairs)...)) //nolint:gosec // the catalog is ours; values are escaped
		},
	}
}

// escapeValues escapes the values of name, value pairs for a message
// whose markup is kept: the catalog is trusted, what fills it is not.
func escapeValues(pairs []any) []any {
	out := make([]any, len(pairs))
	for i, v := range pairs {
		switch {
		case i%2 == 0:
			out[i] = v
		default:
			if h, ok := v.(template.HTML); ok {
				out[i] = h
			} else {
				out[i] = template.HTMLEscapeString(fmt.Sprint(v))
			}
		}
	}
	return out
}
