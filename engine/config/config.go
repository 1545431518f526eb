// Package config holds Lode's settings: one struct with defaults, read from
// a YAML file (configs/lode.yaml) and environment variables, and validated
// once at start. It is passed down explicitly; there is no global config.
package config

import (
	"log/slog"
	"path/filepath"
	"strings"
	"time"
)

// DefaultPath is the file Load reads when it is given no path and
// LODE_CONFIG is not set. Its absence is not an error.
const DefaultPath = "configs/lode.yaml"

// Config is every setting of a Lode server. Relative paths are relative to
// the working directory.
type Config struct {
	Addr string // address to listen on, host:port; ":0" picks a free port
	// BaseURL is the server's public URL, without a trailing slash. xAPI
	// activity IRIs and the learner account homePage are built from it, so
	// changing it later splits learning records in two. "" means the
	// address actually listened on (http://localhost:PORT for every
	// interface), which suits development only.
	BaseURL     string
	DatabaseURL string // "" for SQLite lode.db in DataDir; sqlite:PATH, sqlite::memory:, postgres://...
	RedisURL    string // "" keeps sessions in process; redis:// or rediss://
	ContentDir  string // folder of module folders
	PluginDir   string // folder of external content types named lode-content-<name>; "" for none
	// PluginSHA256 pins each external content type, by name, to the
	// hex SHA-256 of its binary. It is read from the file only: a digest
	// that an environment variable could change would pin nothing.
	PluginSHA256 map[string]string
	DataDir      string        // the embedded SQLite database and other local state
	LogLevel     string        // debug, info, warn or error
	LogFormat    string        // text or json
	SessionTTL   time.Duration // how long an idle session lasts; each visit extends it
	// SecureCookies marks session cookies Secure. Load makes it true when
	// BaseURL is https unless it is set explicitly.
	SecureCookies bool
	EmbedOrigins  []string // origins (https://host[:port]) allowed to show Lode in an iframe
	MaxBodyBytes  int64    // largest request body accepted by pages and /api
	// XAPIMaxBodyBytes is the largest /xapi request body: a batch of
	// statements with their attachments.
	XAPIMaxBodyBytes  int64
	PluginCallTimeout time.Duration // longest a content type may take to answer one call
	// SyncInterval is how often a server looks for changes made in the
	// admin area on another server of the site (publishing, imports, the
	// embed allow-list).
	SyncInterval time.Duration
	// SMTPURL is the mail server sign-in links are sent through:
	// smtp://user:password@host:587 (STARTTLS) or smtps://…:465. Empty: on
	// a localhost base URL the links are printed in the log (development);
	// otherwise signing in by email is off and resume codes remain.
	SMTPURL  string
	MailFrom string // the sender of Lode's mail, e.g. "CE at the State Library <ce@library.example>"
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// in front of Lode, whose X-Forwarded-For is believed. With none, a
	// request's address is the connection's, and a forwarded header is
	// ignored: anyone could write one to dodge a rate limit.
	TrustedProxies []string
	// NewLearnersPerHour is how many visitors from one address may become
	// learners in an hour (a training room shares one); 0: no limit.
	NewLearnersPerHour int
	// LearnerWritesPerMinute is how many interactions and profile changes
	// one learner may make in a minute; 0: no limit.
	LearnerWritesPerMinute int
	// OpsToken is the bearer token for /metrics and /readyz's details;
	// empty turns /metrics off.
	OpsToken string
	Migrate  bool // apply database migrations at start
	// SecretKey signs the long-lived learner cookie that restores an
	// anonymous learner when their session is gone. "" makes the server
	// generate one and keep it in DataDir/secret.key; several servers that
	// share one database must share one key.
	SecretKey string
	// LRSKey and LRSSecret, both set, make a bootstrap LRS client with
	// scope "all" that lives in the configuration only: the way in before
	// any client is created with `lode lrs credentials create`.
	LRSKey    string
	LRSSecret string
	// IssuerName is the organization named on certificates and in their
	// Open Badges credentials; "" for the site's name, Lode.
	IssuerName string
	// IssuerURL is the organization's web site, in the issuer profile;
	// "" for BaseURL.
	IssuerURL string
	// IssuerKey is the Ed25519 key that signs certificates' Open Badges
	// credentials, as its 32-byte seed in hex. "" makes the server
	// generate one and keep it in DataDir/issuer.key. Changing it leaves
	// every badge issued before unverifiable against the published key.
	IssuerKey string
	// Forward lists remote LRSs every stored statement is forwarded to,
	// through an outbox in the database. Read from the file; each secret
	// may come from LODE_FORWARD_<N>_SECRET instead (N from 1).
	Forward []ForwardRemote
	// AnonymousRetention is how long a learner without an email is kept
	// after their last activity; then an hourly sweep erases them. 0
	// keeps them for ever.
	AnonymousRetention time.Duration
	// StatementActorName puts the learner's name in their statements'
	// actor.name. Off by default: the account identifies them, and a name
	// stored in statements, and forwarded, outlives a change on /profile.
	StatementActorName bool
	// EmbedSecret is the HMAC key (HS256) embedding sites sign launch
	// tokens with; EmbedPublicKey the base64 Ed25519 public key of a site
	// that signs them with its private key (EdDSA). Empty: that kind of
	// token is refused. Neither is ever logged.
	EmbedSecret    string
	EmbedPublicKey string
	// FeedPollInterval is how often the feeds the site subscribes to are
	// read again, to tell administrators of new versions; 0: only when
	// an administrator asks (docs/sharing.md).
	FeedPollInterval time.Duration
	// FeedAllowPrivate lets subscriptions reach loopback, private and
	// link-local addresses, which are refused by default so that the admin
	// area cannot be used to read the server's own network (SSRF).
	FeedAllowPrivate bool
}

// ForwardRemote is a remote LRS statements are forwarded to.
type ForwardRemote struct {
	Endpoint string // the LRS's xAPI base, without a trailing slash: statements go to Endpoint/statements
	Key      string // HTTP Basic user
	Secret   string // HTTP Basic password
	Version  string // X-Experience-API-Version sent: 1.0.3 (the default) or 2.0.0
}

// Default returns the configuration of a server run with no config file and
// no environment variables.
func Default() Config {
	return Config{
		Addr:              ":8080",
		ContentDir:        "./content",
		DataDir:           "./data",
		LogLevel:          "info",
		LogFormat:         "text",
		SessionTTL:        30 * 24 * time.Hour,
		MaxBodyBytes:      1 << 20,
		XAPIMaxBodyBytes:  16 << 20,
		PluginCallTimeout: 5 * time.Second,
		SyncInterval:      2 * time.Second,
		Migrate:           true,
		// A training room of 30 starting together behind one address is
		// far inside these; a script making learners in a loop is not.
		NewLearnersPerHour:     120,
		LearnerWritesPerMinute: 120,
		// 180 days: a term and a summer, after which an anonymous
		// patron's progress is unlikely to be resumed.
		AnonymousRetention: 180 * 24 * time.Hour,
		// Four reads a day of each feed: new versions are not urgent, and
		// publishing sites are not pestered.
		FeedPollInterval: 6 * time.Hour,
	}
}

// Database kinds, as returned by DatabaseKind.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DatabaseKind returns SQLite or Postgres, the store DatabaseURL selects, or
// "" for a URL that Validate refuses.
func (c Config) DatabaseKind() string {
	u := strings.ToLower(c.DatabaseURL)
	switch {
	case u == "" || strings.HasPrefix(u, "sqlite:"):
		return SQLite
	case strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://"):
		return Postgres
	}
	return ""
}

// SQLitePath returns the SQLite database to open: lode.db in DataDir by
// default, the path after "sqlite:" (or "sqlite://") otherwise, and
// ":memory:" for sqlite::memory:. It returns "" when the database is not
// SQLite.
func (c Config) SQLitePath() string {
	switch {
	case c.DatabaseURL == "":
		return filepath.Join(c.DataDir, "lode.db")
	case c.DatabaseKind() != SQLite:
		return ""
	}
	path := c.DatabaseURL[len("sqlite:"):]
	// sqlite:///var/lib/lode.db is a common way to write an absolute path.
	return strings.TrimPrefix(path, "//")
}

// SlogLevel returns LogLevel as a slog.Level; info for a level Validate
// refuses.
func (c Config) SlogLevel() slog.Level {
	switch c.LogLevel {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}
