// Package web serves learners: the catalog, learning objects and their
// interactions (/api), the learner's profile, module media, static assets
// and content types' assets, and the HTML error page. Sessions and the
// learner cookie live here. It mounts on the core server in engine/http.
package web

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/i18n"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storage"
	"github.com/lode-elearning/lode/sdk"
)

// AssetSource is what the pages need from the plugin host to serve
// content types' files; *pluginhost.Host satisfies it.
type AssetSource interface {
	Describe(ctx context.Context, contentType string) (*sdk.Description, error)
	Asset(ctx context.Context, contentType, name string) (*sdk.Asset, error)
	Types() []string
}

// Config tunes the learner's side. New fills in defaults for zero values.
type Config struct {
	BaseURL       string // public URL, e.g. https://ce.example.org
	SiteName      string // shown in the header; default "Lode"
	SecureCookies bool   // set Secure on cookies: true whenever served over HTTPS
	MaxBodyBytes  int64  // largest request body accepted; default 64 KiB
	SigningKey    []byte // HMAC key for the learner cookie; at least 32 bytes
	// NewLearnersPerHour is how many visitors from one client address may
	// become learners in an hour; default 120 (a training room behind one
	// address), negative: no limit.
	NewLearnersPerHour int
	// WritesPerMinute is how many interactions and profile changes one
	// learner may make in a minute; default 120, negative: no limit.
	WritesPerMinute int
	// EmbedOrigins are the sites allowed to frame every module's /embed
	// pages at start (a module may add its own; administrators may change
	// them, see Server.EmbedSites); EmbedSecret (HS256) and
	// EmbedPublicKey (EdDSA) verify launch tokens, nil: refused.
	EmbedOrigins   []string
	EmbedSecret    []byte
	EmbedPublicKey ed25519.PublicKey
	// Feed is the path of the site's feed of open modules, which catalog
	// pages announce with <link rel="alternate">; "" for none.
	Feed string
}

const (
	defaultMaxBodyBytes       = 64 << 10
	defaultNewLearnersPerHour = 120
	defaultWritesPerMinute    = 120
)

func (c *Config) validate() error {
	if c.SiteName == "" {
		c.SiteName = "Lode"
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = defaultMaxBodyBytes
	}
	if c.NewLearnersPerHour == 0 {
		c.NewLearnersPerHour = defaultNewLearnersPerHour
	}
	if c.WritesPerMinute == 0 {
		c.WritesPerMinute = defaultWritesPerMinute
	}
	if len(c.SigningKey) < 32 {
		return fmt.Errorf("web: the signing key is %d bytes; it must be at least 32 random bytes", len(c.SigningKey))
	}
	return nil
}

// Server is the learner's side of the site. Every service field must be
// set before Register.
type Server struct {
	Delivery *learning.Delivery
	Sessions *learning.Sessions
	Learners learning.LearnerStore
	Accounts *learning.Accounts // signing in; its Mail nil: by resume code only
	Privacy  *learning.Privacy  // erasure at the patron's request
	// Certificates issues learners' certificates and verifies them.
	Certificates *credential.Service
	Plugins      AssetSource
	// Media resolves a path inside a module's folder to a file path,
	// refusing paths that leave the folder (ENOTFOUND or EINVALID).
	Media func(m *learning.Module, rel string) (string, error)
	// Limiter counts new learners and writes, across every server when it
	// is shared (Redis); nil: no limits.
	Limiter storage.Limiter
	// Origins maps each module version imported from another site's feed
	// ("id@version") to that site's address, which the catalog credits;
	// nil: none.
	Origins func(ctx context.Context) (map[string]string, error)
	Log     *slog.Logger // nil: discard
	Config  Config
	// EmbedSites are the sites allowed to frame every module, which
	// administrators may change while the site runs; New starts it with
	// Config.EmbedOrigins, and the admin area shares it.
	EmbedSites *learning.EmbedSites

	pages   *pages
	catalog *i18n.Catalog
	static  *staticAssets
	plugins *pluginAssets
	// rendered keeps recent pages by what they show (see pageKey).
	rendered *pageCache
}

// New returns the learner's side with its templates and assets loaded.
func New(cfg Config) (*Server, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	static, err := loadStatic()
	if err != nil {
		return nil, err
	}
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{Config: cfg, EmbedSites: learning.NewEmbedSites(cfg.EmbedOrigins), static: static, plugins: newPluginAssets(), catalog: catalog,
		rendered: newPageCache(pageCacheBytes)}
	if s.pages, err = parsePages(static, catalog); err != nil {
		return nil, err
	}
	return s, nil
}

// Register adds the learner's routes; an error names a service not set.
func (s *Server) Register(e *echo.Echo) error {
	if err := s.check(); err != nil {
		return err
	}
	e.GET("/assets/plugins/:type/:name", s.handlePluginAsset)
	e.GET("/assets/:name", s.handleStaticAsset)
	e.GET("/modules/:id/media/*", s.handleMedia)
	e.HEAD("/modules/:id/media/*", s.handleMedia)

	e.GET("/", s.handleCatalog, s.pageSession)
	e.GET("/modules/:id", s.handleResume, s.pageSession)
	e.GET("/modules/:id/objects/:oid", s.handleObject, s.pageSession)
	e.GET("/modules/:id/summary", s.handleSummary, s.pageSession)
	e.POST("/modules/:id/objects/:oid", s.handleFormEvent, s.pageSession)
	e.GET("/profile", s.handleProfile, s.pageSession)
	e.POST("/profile", s.handleProfileUpdate, s.pageSession)
	e.POST("/signout", s.handleSignOut, s.pageSession)
	e.GET("/profile/export", s.handleExport, s.pageSession)
	e.POST("/profile/resume-code", s.handleResumeCode, s.pageSession)
	e.GET("/signin", s.handleSignIn, s.pageSession)
	e.POST("/signin", s.handleSignInRequest, s.pageSession)
	e.GET("/signin/link", s.handleSignInLink, s.pageSession)
	e.POST("/signin/link", s.handleSignInWithLink, s.pageSession)
	e.POST("/signin/code", s.handleSignInWithCode, s.pageSession)
	e.POST("/profile/erase", s.handleErase, s.pageSession)
	e.GET("/profile/erased", s.handleErased)
	e.GET("/language/:tag", s.handleLanguage)

	e.POST("/api/modules/:id/objects/:oid/events", s.handleEvent, s.apiSession)
	s.registerCertificates(e)
	s.registerEmbed(e)
	return nil
}

func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// check names the first service that is not set.
func (s *Server) check() error {
	missing := []struct {
		name  string
		unset bool
	}{
		{"Delivery", s.Delivery == nil}, {"Sessions", s.Sessions == nil}, {"Learners", s.Learners == nil}, {"Accounts", s.Accounts == nil},
		{"Plugins", s.Plugins == nil}, {"Media", s.Media == nil}, {"Privacy", s.Privacy == nil},
		{"Certificates", s.Certificates == nil || s.Certificates.Issuer == nil},
	}
	for _, m := range missing {
		if m.unset {
			return fmt.Errorf("web: Server.%s is not set", m.name)
		}
	}
	return nil
}
