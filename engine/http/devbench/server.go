package devbench

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

//go:embed templates static
var files embed.FS

var page = template.Must(template.New("bench.html").Funcs(template.FuncMap{
	"json": prettyJSON,
	"time": func(t time.Time) string { return t.Format("15:04:05") },
}).ParseFS(files, "templates/bench.html"))

// heartbeat keeps an idle stream open through proxies and lets a stream
// whose browser went away notice it.
const heartbeat = 15 * time.Second

// Register adds the workbench's routes under /_dev.
func (b *Bench) Register(e *echo.Echo) error {
	e.GET("/_dev", b.handlePage)
	e.GET("/_dev/events", b.handleEvents)
	static, err := fs.Sub(files, "static") // the template is not served
	if err != nil {
		return err
	}
	e.GET("/_dev/static/*", echo.WrapHandler(http.StripPrefix("/_dev/static/", http.FileServerFS(static))))
	return nil
}

// handlePage renders the workbench; lode.js is not needed, bench.js only
// keeps it up to date.
func (b *Bench) handlePage(c echo.Context) error {
	s, _ := b.view()
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(http.StatusOK)
	return page.Execute(c.Response(), s)
}

// handleEvents streams Server-Sent Events: one "change" event, carrying the
// newest call's number, each time the bench changes.
func (b *Bench) handleEvents(c echo.Context) error {
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		s, changed := b.view()
		if err := writeChange(w, s); err != nil {
			return nil // the browser went away
		}
		if !b.wait(c, w, changed, tick) {
			return nil
		}
	}
}

// wait waits for the bench's next change, sending a heartbeat comment
// while it is idle; false when the stream should end.
func (b *Bench) wait(c echo.Context, w *echo.Response, changed <-chan struct{}, tick *time.Ticker) bool {
	for {
		select {
		case <-changed:
			return true
		case <-b.done:
			return false
		case <-c.Request().Context().Done():
			return false
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil {
				return false
			}
			w.Flush()
		}
	}
}

// change is the data of a "change" event: enough for the page to say what
// happened without reading it all again.
type change struct {
	Seq   int    `json:"seq"`
	Event string `json:"event,omitempty"` // the newest call's event type
	Build bool   `json:"build"`
}

func writeChange(w *echo.Response, s snapshot) error {
	ch := change{Seq: s.Seq, Build: s.Build.OK}
	if len(s.Calls) > 0 {
		ch.Event = s.Calls[0].Event.Type
	}
	data, err := json.Marshal(ch)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "event: change\ndata: %s\n\n", data); err != nil {
		return err
	}
	w.Flush()
	return nil
}

// prettyJSON indents a JSON value for reading; "" for none.
func prettyJSON(v any) string {
	if raw, ok := v.(json.RawMessage); ok {
		if len(raw) == 0 {
			return ""
		}
		var x any
		if json.Unmarshal(raw, &x) == nil {
			v = x
		}
	}
	// As the author wrote it: the template escapes it for HTML, so "<"
	// need not read \u003c.
	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(out.String(), "\n")
}
