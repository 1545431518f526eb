package web

import (
	lodehttp "github.com/lode-elearning/lode/engine/http"

	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/i18n"
)

type errorPage struct {
	layout
	Heading string
	Message string
	Detail  string // the engine's message, in English, under a translated Message
}

// ErrorPage renders the learner's error page. In English it says the
// engine's own message; in another language a translated explanation
// of the status, then the engine's message marked as English, since
// the engine's messages are not translated.
func (s *Server) ErrorPage(c echo.Context, status int, e *engine.Error) error {
	l := s.layout(c, "", "")
	loc := l.locale()
	l.Title = errorTitle(loc, status)
	page := errorPage{layout: l, Heading: l.Title, Message: sentence(lodehttp.PublicMessage(e))}
	if loc.Tag != i18n.DefaultTag {
		page.Detail, page.Message = page.Message, errorExplained(loc, status)
		if status == http.StatusInternalServerError {
			page.Detail = "" // the engine's says no more than the translation
		}
	}
	return s.render(c, status, "error", page)
}

// sentence makes an engine message ("the quiz content type is restarting")
// read as a sentence on a page.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}

// errorTitle is the page title for an HTTP status: error.404 and the
// like in the catalog, "Error 418" for a status it has no title for.
func errorTitle(loc *i18n.Locale, status int) string {
	id := "error." + strconv.Itoa(status)
	if t := loc.T(id); t != id { // T gives back an id it has no message for
		return t
	}
	return loc.T("error.status", "Status", status)
}

func errorExplained(loc *i18n.Locale, status int) string {
	id := "error.explained." + strconv.Itoa(status)
	if t := loc.T(id); t != id {
		return t
	}
	return loc.T("error.explained.any")
}
