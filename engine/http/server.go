// Package http is the core of Lode's HTTP server: the Echo instance, the
// middleware every request passes (security headers, metrics, panic
// recovery), health and readiness, and the one place where the engine's
// errors become HTTP statuses (handleError). The two products mount their
// routes on it: engine/http/web (learners' pages and API) and
// engine/http/lrsapi (the xAPI LRS at /xapi). It imports neither; cmd/lode
// wires them. Echo stays in these packages: nothing below them knows HTTP.
package http

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// ReadyCheck is one dependency /readyz reports on: storage, a plugin.
type ReadyCheck struct {
	Name  string
	Check func(ctx context.Context) error
	// Advisory checks are reported but never make the server unready:
	// their failure (a remote LRS down) does not stop it serving learners.
	Advisory bool
}

// Config is what the core needs to know.
type Config struct {
	// HTTPS: the site is served over https (its base URL says so), and
	// browsers are told to keep to it (HSTS).
	HTTPS bool
	// OpsToken is the bearer token /metrics and the details of /readyz
	// require. Empty: /metrics is off and /readyz says only whether the
	// server is ready, which is what a load balancer needs; what a
	// dependency's error says is for operators.
	OpsToken string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client. With none, the client is the connection's address and
	// the header is ignored, since anyone can write it.
	TrustedProxies []netip.Prefix
	// ReadHeaderTimeout and ReadTimeout bound how long a client may take to
	// send a request's header, and all of it, so that slow clients cannot
	// hold connections open; 10 s and 30 s when 0.
	ReadHeaderTimeout, ReadTimeout time.Duration
}

// Routes is a part of the site that adds its routes to the server; an
// error (a service not set) is a wiring bug, reported at start.
type Routes interface {
	Register(e *echo.Echo) error
}

// ErrorPage renders an error as an HTML page for a browser; requests that
// want JSON get the JSON error body instead.
type ErrorPage func(c echo.Context, status int, e *engine.Error) error

// Metrics is where the server reports each request and serves /metrics
// from; *metrics.Metrics is one. The core names only what it uses, so that
// it depends on no metrics library.
type Metrics interface {
	ObserveHTTP(method, route string, status int, d time.Duration)
	Handler() http.Handler
}

// Server is Lode's HTTP server. Set the exported fields, Mount the parts of
// the site, then Serve.
type Server struct {
	Ready   []ReadyCheck
	Metrics Metrics      // nil: no /metrics and no request metrics
	Log     *slog.Logger // nil: discard
	// ErrorPage renders errors for browsers; nil: plain text.
	ErrorPage ErrorPage
	Config    Config

	echo *echo.Echo
	srv  *http.Server
}

// New returns a server with the core routes (health, readiness, metrics).
func New(cfg Config) *Server {
	s := &Server{Config: cfg}
	s.echo = echo.New()
	s.echo.HideBanner, s.echo.HidePort = true, true
	s.echo.HTTPErrorHandler = s.handleError
	s.echo.IPExtractor = clientAddress(cfg.TrustedProxies)
	s.routes()
	s.srv = &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: cmp.Or(cfg.ReadHeaderTimeout, 10*time.Second),
		ReadTimeout:       cmp.Or(cfg.ReadTimeout, 30*time.Second),
		IdleTimeout:       2 * time.Minute,
	}
	return s
}

// Mount adds parts of the site.
func (s *Server) Mount(parts ...Routes) error {
	for _, p := range parts {
		if err := p.Register(s.echo); err != nil {
			return err
		}
	}
	return nil
}

// Handler returns the server's handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve serves on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.srv.ErrorLog = slog.NewLogLogger(s.log().Handler(), slog.LevelWarn)
	if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops accepting connections and waits for requests to finish.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// clientAddress is how c.RealIP finds the client, which rate limits count
// by: the connection's address, or the nearest address in X-Forwarded-For
// that is not one of the trusted proxies. Echo would otherwise trust
// loopback and private ranges as proxies, so a client on the same network
// could name any address it liked.
func clientAddress(proxies []netip.Prefix) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
