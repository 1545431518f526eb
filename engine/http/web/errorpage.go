package web

import (
	lodehttp "github.com/lode-elearning/lode/engine/http"

	"fmt"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/lode-elearning/lode/engine"
)

type errorPage struct {
	layout
	Heading string
	Message string
}

func (s *Server) ErrorPage(c echo.Context, status int, e *engine.Error) error {
	title := errorTitle(status)
	return s.render(c, status, "error", errorPage{
		layout: s.layout(c, title, ""), Heading: title, Message: sentence(lodehttp.PublicMessage(e)),
	})
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

var errorTitles = map[int]string{
	400: "That request could not be used",
	401: "Your session has ended",
	403: "Not allowed",
	404: "Page not found",
	409: "Changed meanwhile",
	412: "Changed meanwhile",
	413: "Too large",
	429: "Too many attempts",
	500: "Something went wrong",
	503: "Temporarily unavailable",
}

func errorTitle(status int) string {
	if t, ok := errorTitles[status]; ok {
		return t
	}
	return fmt.Sprintf("Error %d", status)
}
