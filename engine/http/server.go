// Package http serves Lode to learners over HTTP: the catalog, learning
// objects, their interactions, the learner's profile, module media,
// static assets, health and metrics. It is the only package that knows
// Echo; handlers turn requests into calls on the engine's services and the
// engine's errors into responses, in one place (handleError).
package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/sdk"
)

// AssetSource is what the server needs from the plugin host to serve
// content types' files; *pluginhost.Host satisfies it.
type AssetSource interface {
	Describe(ctx context.Context, contentType string) (*sdk.Description, error)
	Asset(ctx context.Context, contentType, name string) (*sdk.Asset, error)
	Types() []string
}

// ReadyCheck is one dependency /readyz reports on: storage, a plugin.
type ReadyCheck struct {
	Name  string
	Check func(ctx context.Context) error
	// Advisory checks are reported but never make the server unready:
	// their failure (a remote LRS down) does not stop it serving learners.
	Advisory bool
}

// Config tunes the server. New fills in defaults for zero values.
type Config struct {
	BaseURL       string   // public URL, e.g. https://ce.example.org
	SiteName      string   // shown in the header; default "Lode"
	SecureCookies bool     // set Secure on cookies: true whenever served over HTTPS
	MaxBodyBytes  int64    // largest request body accepted; default 64 KiB
	EmbedOrigins  []string // origins allowed to frame pages (an LMS); none by default
	SigningKey    []byte   // HMAC key for the learner cookie; at least 32 bytes
}

const defaultMaxBodyBytes = 64 << 10

func (c *Config) validate() error {
	if c.SiteName == "" {
		c.SiteName = "Lode"
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = defaultMaxBodyBytes
	}
	if len(c.SigningKey) < 32 {
		return fmt.Errorf("http: the signing key is %d bytes; it must be at least 32 random bytes", len(c.SigningKey))
	}
	return nil
}

// Server serves Lode over HTTP. Set its service fields after New and before
// Serve; handlers read them at request time.
type Server struct {
	Delivery *learning.Delivery
	Sessions *learning.Sessions
	Learners learning.LearnerStore
	Plugins  AssetSource
	// The xAPI LRS at /xapi: statements, documents and the clients
	// allowed to use them. Nil services leave their resources answering 503.
	LRS         *lrs.Service
	Documents   *lrs.Documents
	Credentials *lrs.Credentials
	// Media resolves a path inside a module's folder to a file path,
	// refusing paths that leave the folder (ENOTFOUND or EINVALID).
	Media   func(m *learning.Module, rel string) (string, error)
	Ready   []ReadyCheck
	Metrics *metrics.Metrics // nil: no /metrics and no request metrics
	Log     *slog.Logger     // nil: discard
	Config  Config

	echo    *echo.Echo
	srv     *http.Server
	pages   *pages
	static  *staticAssets
	plugins *pluginAssets
}

// New returns a server with its templates parsed and its routes set up.
// It fails on an invalid Config.
func New(cfg Config) (*Server, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	static, err := loadStatic()
	if err != nil {
		return nil, err
	}
	s := &Server{Config: cfg, static: static, plugins: newPluginAssets()}
	if s.pages, err = parsePages(static); err != nil {
		return nil, err
	}
	s.echo = echo.New()
	s.echo.HideBanner, s.echo.HidePort = true, true
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	s.srv = &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// No WriteTimeout: media responses (video) stream for as long as
		// the learner watches.
	}
	return s, nil
}

// Handler returns the server's HTTP handler, for tests and for callers that
// run their own http.Server.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve answers requests on ln until Shutdown. It returns nil after a
// graceful shutdown, and an error at once if a service field is unset.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.check(); err != nil {
		return err
	}
	s.srv.ErrorLog = slog.NewLogLogger(s.log().Handler(), slog.LevelWarn)
	if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops accepting connections and waits, until ctx ends, for
// requests in flight to finish.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// check names the first service New's caller forgot to set.
func (s *Server) check() error {
	missing := []struct {
		name  string
		unset bool
	}{
		{"Delivery", s.Delivery == nil}, {"Sessions", s.Sessions == nil}, {"Learners", s.Learners == nil},
		{"Plugins", s.Plugins == nil}, {"Media", s.Media == nil},
	}
	for _, m := range missing {
		if m.unset {
			return fmt.Errorf("http: Server.%s is not set", m.name)
		}
	}
	return nil
}
