package plugin

import (
	"io"
	"log/slog"
	"strings"
)

// newLogger returns a logger writing JSON lines in hclog's format, which
// the engine's plugin client parses ("@level", "@message") and logs again
// under the plugin's name, at the line's level. It becomes slog.Default,
// so a content type logs with log/slog.
func newLogger(w io.Writer) *slog.Logger {
	log := slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) > 0 {
				return a
			}
			switch a.Key {
			case slog.TimeKey:
				// hclog's layout: the engine's client parses it, and a line
				// whose time it cannot parse is logged as debug text.
				a.Key, a.Value = "@timestamp", slog.StringValue(a.Value.Time().Format("2006-01-02T15:04:05.000000Z07:00"))
			case slog.LevelKey:
				a.Key, a.Value = "@level", slog.StringValue(strings.ToLower(a.Value.String()))
			case slog.MessageKey:
				a.Key = "@message"
			}
			return a
		},
	}))
	slog.SetDefault(log)
	return log
}
