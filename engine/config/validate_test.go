package config

import (
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string // nil for a valid config
	}{
		{"defaults", func(c *Config) {}, nil},
		{"production", func(c *Config) {
			c.Addr, c.BaseURL, c.SecureCookies = "0.0.0.0:443", "https://learn.library.example/ce", true
			c.DatabaseURL, c.RedisURL = "postgresql://lode:pw@db:5432/lode?sslmode=require", "rediss://cache:6380/0"
			c.EmbedOrigins = []string{"https://library.example", "https://lms.example:8443"}
			c.PluginSHA256 = map[string]string{"check-list": strings.Repeat("ab", 32)}
		}, nil},
		{"test", func(c *Config) { c.Addr, c.DatabaseURL, c.SecureCookies = ":0", "sqlite::memory:", true }, nil},
		{"short secret key", func(c *Config) { c.SecretKey = "hunter2" },
			[]string{"secret_key (LODE_SECRET_KEY): must be at least 32 characters (e.g. from `openssl rand -hex 32`), or empty to generate one in data_dir"}},
		{"issuer", func(c *Config) {
			c.IssuerName, c.IssuerURL, c.IssuerKey = "Springfield Public Library", "https://library.example", strings.Repeat("0f", 32)
		}, nil},
		{"issuer key", func(c *Config) { c.IssuerKey = "secret" },
			[]string{"issuer_key (LODE_ISSUER_KEY): must be 64 hexadecimal characters, an Ed25519 seed (e.g. from `openssl rand -hex 32`), or empty to generate one in data_dir"}},
		{"issuer URL", func(c *Config) { c.IssuerURL = "library.example" },
			[]string{"issuer_url (LODE_ISSUER_URL): must be an absolute http:// or https:// URL, such as https://library.example, or empty for base_url"}},
		{"addr", func(c *Config) { c.Addr = "8080" },
			[]string{`addr (LODE_ADDR): "8080" is not host:port; write ":8080" to listen on every interface`}},
		{"addr port", func(c *Config) { c.Addr = ":http" },
			[]string{`addr (LODE_ADDR): port "http" must be a number from 0 to 65535`}},
		{"base URL not absolute", func(c *Config) { c.BaseURL = "learn.library.example" },
			[]string{`base_url (LODE_BASE_URL): must be an absolute http:// or https:// URL, such as https://learn.library.example`}},
		{"base URL scheme", func(c *Config) { c.BaseURL = "ftp://learn.library.example" },
			[]string{`base_url (LODE_BASE_URL): must be an absolute http:// or https:// URL, such as https://learn.library.example`}},
		{"base URL query", func(c *Config) { c.BaseURL = "https://learn.library.example?x=1" },
			[]string{`base_url (LODE_BASE_URL): must not hold a user, query or fragment`}},
		{"base URL slash", func(c *Config) { c.BaseURL = "https://learn.library.example/" },
			[]string{`base_url (LODE_BASE_URL): must not end with /`}},
		{"database scheme", func(c *Config) { c.DatabaseURL = "mysql://lode:secret@db/lode" },
			[]string{`database_url (LODE_DATABASE_URL): scheme "mysql" is not supported; use postgres://, sqlite: or leave it empty for the embedded default`}},
		{"database without scheme", func(c *Config) { c.DatabaseURL = "data/lode.db" },
			[]string{`database_url (LODE_DATABASE_URL): has no scheme; use postgres://, sqlite: or leave it empty for the embedded default`}},
		{"sqlite without path", func(c *Config) { c.DatabaseURL = "sqlite:" },
			[]string{`database_url (LODE_DATABASE_URL): sqlite: needs a file path, such as sqlite:data/lode.db, or sqlite::memory:`}},
		{"postgres URL broken", func(c *Config) { c.DatabaseURL = "postgres://lode:se%zzcret@db/lode" },
			[]string{`database_url (LODE_DATABASE_URL): is not a valid URL`}},
		{"redis scheme", func(c *Config) { c.RedisURL = "memcached://cache:11211" },
			[]string{`redis_url (LODE_REDIS_URL): scheme "memcached" is not supported; use redis://, rediss:// or leave it empty to keep sessions in process`}},
		{"empty folders", func(c *Config) { c.ContentDir, c.DataDir = "", "" },
			[]string{`content_dir (LODE_CONTENT_DIR): must not be empty`, `data_dir (LODE_DATA_DIR): must not be empty`}},
		{"plugin digests", func(c *Config) { c.PluginSHA256 = map[string]string{"Quiz": strings.Repeat("a", 64), "video": "abc"} },
			[]string{
				`plugin_sha256.Quiz: is not a content type name (lowercase letters, digits, - and _)`,
				`plugin_sha256.video: must be a SHA-256 digest: 64 hex digits, as sha256sum prints`,
			}},
		{"logging", func(c *Config) { c.LogLevel, c.LogFormat = "trace", "xml" },
			[]string{
				`log_level (LODE_LOG_LEVEL): must be one of debug, info, warn, error, got "trace"`,
				`log_format (LODE_LOG_FORMAT): must be one of text, json, got "xml"`,
			}},
		{"durations and sizes", func(c *Config) { c.SessionTTL, c.PluginCallTimeout, c.MaxBodyBytes = 0, -1, 0 },
			[]string{
				`session_ttl (LODE_SESSION_TTL): must be more than 0, got 0s`,
				`plugin_call_timeout (LODE_PLUGIN_CALL_TIMEOUT): must be more than 0, got -1ns`,
				`max_body_bytes (LODE_MAX_BODY_BYTES): must be more than 0, got 0`,
			}},
		{"retention shorter than a day", func(c *Config) { c.AnonymousRetention = 2 * time.Hour },
			[]string{`anonymous_retention (LODE_ANONYMOUS_RETENTION): must be 0 (keep anonymous learners) or at least 24h0m0s, got 2h0m0s`}},
		{"retention negative", func(c *Config) { c.AnonymousRetention = -time.Hour },
			[]string{`anonymous_retention (LODE_ANONYMOUS_RETENTION): must be 0 (keep anonymous learners) or at least 24h0m0s, got -1h0m0s`}},
		{"retention off", func(c *Config) { c.AnonymousRetention = 0 }, nil},
		{"feed poll too often", func(c *Config) { c.FeedPollInterval = 30 * time.Second },
			[]string{`feed_poll_interval (LODE_FEED_POLL_INTERVAL): must be 0 (read feeds only on demand) or at least 1m, got 30s`}},
		{"feed poll off", func(c *Config) { c.FeedPollInterval = 0 }, nil},
		{"embed origins", func(c *Config) {
			c.EmbedOrigins = []string{"https://ok.example", "http://localhost:8080", "http://127.0.0.1", "http://lms.example", "https://lms.example/", "https://*.example", "*", "lms.example"}
		}, []string{
			`embed_origins (LODE_EMBED_ORIGINS): item 4, "http://lms.example" uses http://, which is accepted only for http://localhost and http://127.0.0.1 (development); use the site's https:// origin`,
			`embed_origins (LODE_EMBED_ORIGINS): item 5, "https://lms.example/" must be an origin such as https://library.example or https://library.example:8443, with no path, trailing slash or wildcard`,
			`embed_origins (LODE_EMBED_ORIGINS): item 6, "https://*.example" must be an origin such as https://library.example or https://library.example:8443, with no path, trailing slash or wildcard`,
			`embed_origins (LODE_EMBED_ORIGINS): item 7, "*" must be an origin such as https://library.example or https://library.example:8443, with no path, trailing slash or wildcard`,
			`embed_origins (LODE_EMBED_ORIGINS): item 8, "lms.example" must be an origin such as https://library.example or https://library.example:8443, with no path, trailing slash or wildcard`,
		}},
		{"abuse limits and proxies", func(c *Config) {
			c.TrustedProxies = []string{"10.0.0.0/8", "192.168.1.7", "fd00::/8", "proxy.example", "10.0.0.0/33"}
			c.NewLearnersPerHour, c.LearnerWritesPerMinute = -1, -5
		}, []string{
			`trusted_proxies (LODE_TRUSTED_PROXIES): "proxy.example" is not an IP address or a CIDR range such as 10.0.0.0/8`,
			`trusted_proxies (LODE_TRUSTED_PROXIES): "10.0.0.0/33" is not an IP address or a CIDR range such as 10.0.0.0/8`,
			`new_learners_per_hour (LODE_NEW_LEARNERS_PER_HOUR): must be 0 (no limit) or more, got -1`,
			`learner_writes_per_minute (LODE_LEARNER_WRITES_PER_MINUTE): must be 0 (no limit) or more, got -5`,
		}},
		{"mail", func(c *Config) { c.SMTPURL, c.MailFrom = "mail.example.org:587", "" }, []string{
			`smtp_url (LODE_SMTP_URL): must look like smtp://user:password@mail.example.org:587 or smtps://…:465`,
			`mail_from (LODE_MAIL_FROM): must be the sender's address, e.g. "CE Team <ce@library.example>", when smtp_url is set`,
		}},
		{"secure cookies over http", func(c *Config) { c.BaseURL, c.SecureCookies = "http://learn.library.example", true },
			[]string{`secure_cookies (LODE_SECURE_COOKIES): is true but base_url is http://, so browsers would not send the session cookie back; serve over https or set it to false`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.change(&c)
			err := c.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if engine.ErrorCode(err) != engine.EINVALID {
				t.Fatalf("error code = %q (%v), want %q", engine.ErrorCode(err), err, engine.EINVALID)
			}
			if want := strings.Join(tt.want, "\n"); err.Error() != want {
				t.Errorf("error:\n%s\nwant:\n%s", err, want)
			}
		})
	}
}

// A refused URL is never repeated: it may hold a password.
func TestValidate_HidesPasswords(t *testing.T) {
	c := Default()
	c.DatabaseURL, c.RedisURL = "mysql://lode:hunter2@db/lode", "memcached://:hunter2@cache"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Validate() = %v; want an error without the password", err)
	}
}
