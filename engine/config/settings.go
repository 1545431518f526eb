package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// setting is one entry of lode.yaml: its key, the environment variable that
// overrides it and how its text becomes a Config field. Exactly one of
// scalar, list, table and node is set.
type setting struct {
	key    string                               // snake_case key in lode.yaml
	env    string                               // "" when the file alone sets it
	scalar func(c *Config, s string) error      // a single value; errors say what was expected
	list   func(c *Config, items []string)      // a YAML list, or comma-separated in env
	table  func(c *Config, m map[string]string) // a YAML mapping, or KEY=VALUE,... in env
	// node reads a structured value (file only); errors name file:line.
	node func(c *Config, path string, v *yaml.Node) []error
}

// settings lists every setting, in the order of configs/lode.yaml.
func settings() []setting {
	return []setting{
		{key: "addr", env: "LODE_ADDR", scalar: text(func(c *Config) *string { return &c.Addr })},
		{key: "base_url", env: "LODE_BASE_URL", scalar: text(func(c *Config) *string { return &c.BaseURL })},
		{key: "database_url", env: "LODE_DATABASE_URL", scalar: text(func(c *Config) *string { return &c.DatabaseURL })},
		{key: "redis_url", env: "LODE_REDIS_URL", scalar: text(func(c *Config) *string { return &c.RedisURL })},
		{key: "content_dir", env: "LODE_CONTENT_DIR", scalar: text(func(c *Config) *string { return &c.ContentDir })},
		{key: "plugin_dir", env: "LODE_PLUGIN_DIR", scalar: text(func(c *Config) *string { return &c.PluginDir })},
		{key: "plugin_sha256", env: "LODE_PLUGIN_SHA256", table: pins},
		{key: "data_dir", env: "LODE_DATA_DIR", scalar: text(func(c *Config) *string { return &c.DataDir })},
		{key: "log_level", env: "LODE_LOG_LEVEL", scalar: text(func(c *Config) *string { return &c.LogLevel })},
		{key: "log_format", env: "LODE_LOG_FORMAT", scalar: text(func(c *Config) *string { return &c.LogFormat })},
		{key: "session_ttl", env: "LODE_SESSION_TTL", scalar: duration(func(c *Config) *time.Duration { return &c.SessionTTL })},
		{key: "secure_cookies", env: "LODE_SECURE_COOKIES", scalar: boolean(func(c *Config) *bool { return &c.SecureCookies })},
		{key: "embed_origins", env: "LODE_EMBED_ORIGINS", list: func(c *Config, items []string) { c.EmbedOrigins = items }},
		{key: "embed_secret", env: "LODE_EMBED_SECRET", scalar: text(func(c *Config) *string { return &c.EmbedSecret })},
		{key: "embed_public_key", env: "LODE_EMBED_PUBLIC_KEY", scalar: text(func(c *Config) *string { return &c.EmbedPublicKey })},
		{key: "max_body_bytes", env: "LODE_MAX_BODY_BYTES", scalar: byteCount(func(c *Config) *int64 { return &c.MaxBodyBytes })},
		{key: "xapi_max_body_bytes", env: "LODE_XAPI_MAX_BODY_BYTES", scalar: byteCount(func(c *Config) *int64 { return &c.XAPIMaxBodyBytes })},
		{key: "trusted_proxies", env: "LODE_TRUSTED_PROXIES", list: func(c *Config, items []string) { c.TrustedProxies = items }},
		{key: "new_learners_per_hour", env: "LODE_NEW_LEARNERS_PER_HOUR", scalar: count(func(c *Config) *int { return &c.NewLearnersPerHour })},
		{key: "learner_writes_per_minute", env: "LODE_LEARNER_WRITES_PER_MINUTE", scalar: count(func(c *Config) *int { return &c.LearnerWritesPerMinute })},
		{key: "smtp_url", env: "LODE_SMTP_URL", scalar: text(func(c *Config) *string { return &c.SMTPURL })},
		{key: "mail_from", env: "LODE_MAIL_FROM", scalar: text(func(c *Config) *string { return &c.MailFrom })},
		{key: "ops_token", env: "LODE_OPS_TOKEN", scalar: text(func(c *Config) *string { return &c.OpsToken })},
		{key: "plugin_call_timeout", env: "LODE_PLUGIN_CALL_TIMEOUT", scalar: duration(func(c *Config) *time.Duration { return &c.PluginCallTimeout })},
		{key: "sync_interval", env: "LODE_SYNC_INTERVAL", scalar: duration(func(c *Config) *time.Duration { return &c.SyncInterval })},
		{key: "migrate", env: "LODE_MIGRATE", scalar: boolean(func(c *Config) *bool { return &c.Migrate })},
		{key: "secret_key", env: "LODE_SECRET_KEY", scalar: text(func(c *Config) *string { return &c.SecretKey })},
		{key: "lrs_key", env: "LODE_LRS_KEY", scalar: text(func(c *Config) *string { return &c.LRSKey })},
		{key: "lrs_secret", env: "LODE_LRS_SECRET", scalar: text(func(c *Config) *string { return &c.LRSSecret })},
		{key: "anonymous_retention", env: "LODE_ANONYMOUS_RETENTION", scalar: duration(func(c *Config) *time.Duration { return &c.AnonymousRetention })},
		{key: "statement_actor_name", env: "LODE_STATEMENT_ACTOR_NAME", scalar: boolean(func(c *Config) *bool { return &c.StatementActorName })},
		{key: "issuer_name", env: "LODE_ISSUER_NAME", scalar: text(func(c *Config) *string { return &c.IssuerName })},
		{key: "issuer_url", env: "LODE_ISSUER_URL", scalar: text(func(c *Config) *string { return &c.IssuerURL })},
		{key: "issuer_key", env: "LODE_ISSUER_KEY", scalar: text(func(c *Config) *string { return &c.IssuerKey })},
		{key: "feed_poll_interval", env: "LODE_FEED_POLL_INTERVAL", scalar: duration(func(c *Config) *time.Duration { return &c.FeedPollInterval })},
		{key: "feed_allow_private", env: "LODE_FEED_ALLOW_PRIVATE", scalar: boolean(func(c *Config) *bool { return &c.FeedAllowPrivate })},
		{key: "forward", node: forwardRemotes},
	}
}

// name is how messages refer to a setting: its key, and its environment
// variable when it has one, so the operator finds it wherever it was set.
func name(key string) string {
	for _, s := range settings() {
		if s.key == key && s.env != "" {
			return key + " (" + s.env + ")"
		}
	}
	return key
}

// pins sets PluginSHA256, lowercasing digests so that they compare equal
// to hex.EncodeToString; an empty mapping leaves nil, as the default has.
func pins(c *Config, m map[string]string) {
	c.PluginSHA256 = nil
	if len(m) == 0 {
		return
	}
	c.PluginSHA256 = make(map[string]string, len(m))
	for name, digest := range m {
		c.PluginSHA256[name] = strings.ToLower(digest)
	}
}

func text(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, s string) error {
		*field(c) = s
		return nil
	}
}

func duration(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("must be a duration such as 720h, 30m or 5s, got %q", s)
		}
		*field(c) = d
		return nil
	}
}

func boolean(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("must be true or false, got %q", s)
		}
		*field(c) = b
		return nil
	}
}

func byteCount(field func(*Config) *int64) func(*Config, string) error {
	return func(c *Config, s string) error {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("must be a whole number of bytes such as 1048576, got %q", s)
		}
		*field(c) = n
		return nil
	}
}

func count(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, s string) error {
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("must be a whole number such as 120, got %q", s)
		}
		*field(c) = n
		return nil
	}
}
