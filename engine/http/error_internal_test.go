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

// Only the request's own context says the client is gone. A database
// connection reset while the client waits is the server's failure and is
// answered: taking it for the client's hang-up once sent an empty 200 for
// statements that were never stored.
func TestHandleErrorClientGone(t *testing.T) {
	dbReset := &engine.Error{Code: engine.EUNAVAILABLE, Message: "the database is unavailable",
		Err: fmt.Errorf("cannot store statements: read tcp 127.0.0.1:5432: %w", syscall.ECONNRESET)}
	dbCanceled := &engine.Error{Code: engine.EUNAVAILABLE, Message: "the database is unavailable", Err: context.Canceled}
	for _, c := range []struct {
		name       string
		canceled   bool
		err        error
		wantLog    string
		wantStatus int
	}{
		{"CanceledMidQuery", true, dbCanceled, `level=INFO msg="client went away"`, statusClientClosedRequest},
		{"CanceledThenDatabaseReset", true, dbReset, `level=INFO msg="client went away"`, statusClientClosedRequest},
		{"DatabaseResetWhileClientWaits", false, dbReset, `level=WARN msg="request failed"`, http.StatusServiceUnavailable},
		{"BareResetWhileClientWaits", false, fmt.Errorf("read: %w", syscall.ECONNRESET), `level=ERROR msg="request failed"`, http.StatusInternalServerError},
		{"BrokenPipeWhileClientWaits", false, fmt.Errorf("write: %w", syscall.EPIPE), `level=ERROR msg="request failed"`, http.StatusInternalServerError},
		{"DatabaseCanceledWhileClientWaits", false, dbCanceled, `level=WARN msg="request failed"`, http.StatusServiceUnavailable},
		{"Bug", false, errors.New("boom"), `level=ERROR msg="request failed"`, http.StatusInternalServerError},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := &Server{Log: slog.New(slog.NewTextHandler(&logs, nil))}
			ctx, cancel := context.WithCancel(context.Background())
			if c.canceled {
				cancel()
			}
			defer cancel()
			req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/xapi/statements", nil)
			req.RemoteAddr = "192.0.2.7:51234"
			rec := httptest.NewRecorder()
			s.handleError(c.err, echo.New().NewContext(req, rec))
			if !strings.Contains(logs.String(), c.wantLog) {
				t.Fatalf("logged %q, want %s", logs.String(), c.wantLog)
			}
			if rec.Code != c.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, c.wantStatus)
			}
			if c.wantStatus == http.StatusServiceUnavailable && rec.Header().Get("Retry-After") == "" {
				t.Error("a 503 without Retry-After")
			}
			if c.canceled {
				// The line names the client and why, not an internal
				// error that reads like an outage.
				line := logs.String()
				if !strings.Contains(line, "client=192.0.2.7:51234") || strings.Contains(line, "database") {
					t.Errorf("log line %q should name the client and not the database", line)
				}
			}
		})
	}
}

// A handler that returns nil without writing is a bug that must never
// reach the client as an empty 200.
func TestHandlerWithoutAnswerIs500(t *testing.T) {
	var logs bytes.Buffer
	s := New(Config{})
	s.Log = slog.New(slog.NewTextHandler(&logs, nil))
	s.echo.POST("/api/silent", func(echo.Context) error { return nil })
	s.echo.GET("/silent-page", func(echo.Context) error { return nil })
	for _, path := range []string{"/api/silent", "/silent-page"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			logs.Reset()
			method := http.MethodGet
			if strings.HasPrefix(path, "/api/") {
				method = http.MethodPost
			}
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest(method, path, nil))
			if rec.Code != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500", rec.Code)
			}
			if rec.Body.Len() == 0 {
				t.Error("the 500 has no body")
			}
			if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "without writing a response") {
				t.Errorf("logged %q, want an ERROR naming the handler's bug", logs.String())
			}
		})
	}
}
