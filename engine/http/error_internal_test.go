package http

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// A client that hangs up is not a server failure: logged at INFO, not as
// an ERROR 500 or a WARN 503 that alerting would page someone for.
func TestHandleErrorClientGone(t *testing.T) {
	dbCanceled := &engine.Error{Code: engine.EUNAVAILABLE, Message: "the database is unavailable", Err: context.Canceled}
	for _, c := range []struct {
		name     string
		canceled bool
		err      error
		want     string
	}{
		{"BrokenPipe", false, fmt.Errorf("write tcp: %w", syscall.EPIPE), "level=INFO msg=\"client went away\""},
		{"Reset", false, fmt.Errorf("write tcp: %w", syscall.ECONNRESET), "level=INFO msg=\"client went away\""},
		{"CanceledMidQuery", true, dbCanceled, "level=INFO msg=\"client went away\""},
		{"StillThere", false, errors.New("boom"), "level=ERROR msg=\"request failed\""},
		{"DatabaseDown", false, dbCanceled, "level=WARN msg=\"request failed\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := &Server{Log: slog.New(slog.NewTextHandler(&logs, nil))}
			ctx, cancel := context.WithCancel(context.Background())
			if c.canceled {
				cancel()
			}
			defer cancel()
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/xapi/statements", nil)
			rec := httptest.NewRecorder()
			s.handleError(c.err, echo.New().NewContext(req, rec))
			if !strings.Contains(logs.String(), c.want) {
				t.Fatalf("logged %q, want %s", logs.String(), c.want)
			}
		})
	}
}
