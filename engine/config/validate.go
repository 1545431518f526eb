package config

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Validate returns every problem with c at once, joined: one *engine.Error
// (EINVALID) each, naming the setting and its environment variable and
// saying why. Messages never repeat a URL, which may hold a password.
func (c Config) Validate() error {
	var v validator
	v.addr(c.Addr)
	v.baseURL(c.BaseURL)
	v.databaseURL(c.DatabaseURL)
	v.redisURL(c.RedisURL)
	v.nonEmpty("content_dir", c.ContentDir)
	v.nonEmpty("data_dir", c.DataDir)
	v.digests(c.PluginSHA256)
	v.oneOf("log_level", c.LogLevel, "debug", "info", "warn", "error")
	v.oneOf("log_format", c.LogFormat, "text", "json")
	v.positive("session_ttl", int64(c.SessionTTL), c.SessionTTL.String())
	v.positive("plugin_call_timeout", int64(c.PluginCallTimeout), c.PluginCallTimeout.String())
	v.positive("sync_interval", int64(c.SyncInterval), c.SyncInterval.String())
	v.positive("max_body_bytes", c.MaxBodyBytes, strconv.FormatInt(c.MaxBodyBytes, 10))
	v.positive("xapi_max_body_bytes", c.XAPIMaxBodyBytes, strconv.FormatInt(c.XAPIMaxBodyBytes, 10))
	v.origins(c.EmbedOrigins)
	v.embedKeys(c.EmbedSecret, c.EmbedPublicKey)
	v.proxies(c.TrustedProxies)
	v.mail(c.SMTPURL, c.MailFrom)
	v.notNegative("new_learners_per_hour", c.NewLearnersPerHour)
	v.notNegative("learner_writes_per_minute", c.LearnerWritesPerMinute)
	v.retention(c.AnonymousRetention)
	if d := c.FeedPollInterval; d != 0 && d < time.Minute {
		v.errorf("feed_poll_interval", "must be 0 (read feeds only on demand) or at least 1m, got %s", d)
	}
	v.secureCookies(c.SecureCookies, c.BaseURL)
	if c.OpsToken != "" && len(c.OpsToken) < 16 {
		v.errorf("ops_token", "must be at least 16 characters (e.g. from `openssl rand -hex 16`), or empty to turn /metrics off")
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		v.errorf("secret_key", "must be at least 32 characters (e.g. from `openssl rand -hex 32`), or empty to generate one in data_dir")
	}
	v.lrs(c)
	v.issuer(c)
	return errors.Join(v.errs...)
}

type validator struct{ errs []error }

func (v *validator) errorf(key, format string, args ...any) {
	v.errs = append(v.errs, engine.FieldError(name(key), format, args...))
}

func (v *validator) addr(addr string) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		v.errorf("addr", "%q is not host:port; write \":8080\" to listen on every interface", addr)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		v.errorf("addr", "port %q must be a number from 0 to 65535", port)
	}
}

func (v *validator) baseURL(s string) {
	u, err := url.Parse(s)
	switch {
	case s == "": // the server uses the address it listens on
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		v.errorf("base_url", "must be an absolute http:// or https:// URL, such as https://learn.library.example")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		v.errorf("base_url", "must not hold a user, query or fragment")
	case strings.HasSuffix(s, "/"):
		v.errorf("base_url", "must not end with /")
	}
}

const databaseHint = "use postgres://, sqlite: or leave it empty for the embedded default"

func (v *validator) databaseURL(s string) {
	c := Config{DatabaseURL: s}
	switch c.DatabaseKind() {
	case SQLite:
		if c.SQLitePath() == "" {
			v.errorf("database_url", "sqlite: needs a file path, such as sqlite:data/lode.db, or sqlite::memory:")
		}
	case Postgres:
		if _, err := url.Parse(s); err != nil {
			v.errorf("database_url", "is not a valid URL")
		}
	default:
		v.errorf("database_url", "%s; %s", scheme(s), databaseHint)
	}
}

func (v *validator) redisURL(s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		v.errorf("redis_url", "is not a valid URL")
	case u.Scheme != "redis" && u.Scheme != "rediss":
		v.errorf("redis_url", "%s; use redis://, rediss:// or leave it empty to keep sessions in process", scheme(s))
	}
}

// scheme describes the scheme of a refused URL without repeating the rest.
func scheme(s string) string {
	i := strings.Index(s, ":")
	if i <= 0 || strings.ContainsAny(s[:i], "/@ ") {
		return "has no scheme"
	}
	return fmt.Sprintf("scheme %q is not supported", s[:i])
}

func (v *validator) nonEmpty(key, s string) {
	if s == "" {
		v.errorf(key, "must not be empty")
	}
}

func (v *validator) oneOf(key, s string, allowed ...string) {
	if !slices.Contains(allowed, s) {
		v.errorf(key, "must be one of %s, got %q", strings.Join(allowed, ", "), s)
	}
}

// minRetention is the shortest anonymous_retention: shorter, a patron
// still reading (which writes nothing) could be erased mid-visit.
const minRetention = 24 * time.Hour

func (v *validator) retention(d time.Duration) {
	if d != 0 && d < minRetention {
		v.errorf("anonymous_retention", "must be 0 (keep anonymous learners) or at least %s, got %s", minRetention, d)
	}
}

func (v *validator) positive(key string, n int64, shown string) {
	if n <= 0 {
		v.errorf(key, "must be more than 0, got %s", shown)
	}
}

var (
	typeNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	sha256Re   = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)
)

func (v *validator) digests(m map[string]string) {
	for _, n := range slices.Sorted(maps.Keys(m)) {
		if !typeNameRe.MatchString(n) {
			v.errorf("plugin_sha256."+n, "is not a content type name (lowercase letters, digits, - and _)")
		}
		if !sha256Re.MatchString(m[n]) {
			v.errorf("plugin_sha256."+n, "must be a SHA-256 digest: 64 hex digits, as sha256sum prints")
		}
	}
}

// origins checks the iframe parents: each must be exactly an origin, since
// it is copied into the Content-Security-Policy frame-ancestors directive.
// Modules' embed_origins follow the same rule.
func (v *validator) origins(origins []string) {
	for i, o := range origins {
		if err := learning.CheckEmbedOrigin(o); err != nil {
			v.errorf("embed_origins", "item %d, %v", i+1, err)
		}
	}
}

// secureCookies refuses Secure cookies on a plain-http site other than the
// local machine: browsers would not send them back and no one could log in.
func (v *validator) secureCookies(secure bool, base string) {
	u, err := url.Parse(base)
	if !secure || err != nil || u.Scheme != "http" {
		return
	}
	if h := u.Hostname(); h != "localhost" && h != "127.0.0.1" && h != "::1" {
		v.errorf("secure_cookies", "is true but base_url is http://, so browsers would not send the session cookie back; serve over https or set it to false")
	}
}

// issuer checks the certificate issuer's site and key.
func (v *validator) issuer(c Config) {
	if c.IssuerURL != "" {
		if u, err := url.Parse(c.IssuerURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.errorf("issuer_url", "must be an absolute http:// or https:// URL, such as https://library.example, or empty for base_url")
		}
	}
	if c.IssuerKey != "" && !sha256Re.MatchString(c.IssuerKey) {
		v.errorf("issuer_key", "must be 64 hexadecimal characters, an Ed25519 seed (e.g. from `openssl rand -hex 32`), or empty to generate one in data_dir")
	}
}

func (v *validator) notNegative(key string, n int) {
	if n < 0 {
		v.errorf(key, "must be 0 (no limit) or more, got %d", n)
	}
}

// proxies accepts addresses and CIDR ranges, IPv4 or IPv6.
func (v *validator) proxies(items []string) {
	for _, p := range items {
		if _, err := ParseProxy(p); err != nil {
			v.errorf("trusted_proxies", "%q is not an IP address or a CIDR range such as 10.0.0.0/8", p)
		}
	}
}

// ParseProxy reads one trusted_proxies entry: an address is a range of one.
func ParseProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// mail checks the SMTP URL's form (credentials are the server's business)
// and that a sender is given with it.
func (v *validator) mail(smtpURL, from string) {
	if smtpURL == "" {
		return
	}
	u, err := url.Parse(smtpURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		v.errorf("smtp_url", "must look like smtp://user:password@mail.example.org:587 or smtps://…:465")
	}
	if a, err := mail.ParseAddress(from); err != nil || a.Address == "" {
		v.errorf("mail_from", "must be the sender's address, e.g. \"CE Team <ce@library.example>\", when smtp_url is set")
	}
}

// IsLocal reports whether the base URL is a loopback address: a
// development server, where mail may be printed in the log.
func (c Config) IsLocal() bool {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return false
	}
	h := u.Hostname()
	ip := net.ParseIP(h)
	return h == "localhost" || (ip != nil && ip.IsLoopback())
}
