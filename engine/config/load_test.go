package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
)

func TestLoad_Env(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want func(c *Config)
	}{
		{"nothing set", nil, func(c *Config) {}},
		{"addr", map[string]string{"LODE_ADDR": "127.0.0.1:9000"}, func(c *Config) { c.Addr = "127.0.0.1:9000" }},
		{"https base URL makes cookies secure", map[string]string{"LODE_BASE_URL": "https://learn.library.example/"},
			func(c *Config) { c.BaseURL, c.SecureCookies = "https://learn.library.example", true }},
		{"secure cookies set explicitly", map[string]string{"LODE_BASE_URL": "https://learn.library.example", "LODE_SECURE_COOKIES": "false"},
			func(c *Config) { c.BaseURL = "https://learn.library.example" }},
		{"database", map[string]string{"LODE_DATABASE_URL": "postgres://lode:secret@db/lode"},
			func(c *Config) { c.DatabaseURL = "postgres://lode:secret@db/lode" }},
		{"redis", map[string]string{"LODE_REDIS_URL": "rediss://cache:6380/1"}, func(c *Config) { c.RedisURL = "rediss://cache:6380/1" }},
		{"folders", map[string]string{"LODE_CONTENT_DIR": "/srv/content", "LODE_PLUGIN_DIR": "/srv/plugins", "LODE_DATA_DIR": "/var/lib/lode"},
			func(c *Config) {
				c.ContentDir, c.PluginDir, c.DataDir = "/srv/content", "/srv/plugins", "/var/lib/lode"
			}},
		{"logging", map[string]string{"LODE_LOG_LEVEL": "debug", "LODE_LOG_FORMAT": "json"},
			func(c *Config) { c.LogLevel, c.LogFormat = "debug", "json" }},
		{"durations", map[string]string{"LODE_SESSION_TTL": "24h", "LODE_PLUGIN_CALL_TIMEOUT": "1500ms"},
			func(c *Config) { c.SessionTTL, c.PluginCallTimeout = 24*time.Hour, 1500*time.Millisecond }},
		{"embed origins, comma-separated", map[string]string{"LODE_EMBED_ORIGINS": "https://a.example, https://b.example:8443,"},
			func(c *Config) { c.EmbedOrigins = []string{"https://a.example", "https://b.example:8443"} }},
		{"body limit and migrate", map[string]string{"LODE_MAX_BODY_BYTES": "65536", "LODE_MIGRATE": "false"},
			func(c *Config) { c.MaxBodyBytes, c.Migrate = 65536, false }},
		{"abuse limits and proxies", map[string]string{
			"LODE_TRUSTED_PROXIES": "10.0.0.0/8, ::1", "LODE_NEW_LEARNERS_PER_HOUR": "0", "LODE_LEARNER_WRITES_PER_MINUTE": "30",
		}, func(c *Config) {
			c.TrustedProxies, c.NewLearnersPerHour, c.LearnerWritesPerMinute = []string{"10.0.0.0/8", "::1"}, 0, 30
		}},
		{"privacy", map[string]string{"LODE_ANONYMOUS_RETENTION": "0", "LODE_STATEMENT_ACTOR_NAME": "true"},
			func(c *Config) { c.AnonymousRetention, c.StatementActorName = 0, true }},
		{"not a LODE_ variable", map[string]string{"ADDR": ":1"}, func(c *Config) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load("", envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			want := Default()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n %+v\nwant\n %+v", got, want)
			}
		})
	}
}

func TestLoad_FileThenEnv(t *testing.T) {
	path := writeConfig(t, `
addr: ":9090"
redis_url: redis://cache:6379/0
embed_origins:
  - https://library.example
plugin_sha256:
  checklist: 3F1C0B6A1E2D4C5B6A7980F1E2D3C4B5A69788F9E0D1C2B3A4958677E8F9A0B1
`)
	got, err := Load(path, envOf(map[string]string{"LODE_ADDR": ":7070", "LODE_REDIS_URL": ""}))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Addr = ":7070" // the environment wins over the file
	want.RedisURL = ""  // set but empty still overrides
	want.EmbedOrigins = []string{"https://library.example"}
	want.PluginSHA256 = map[string]string{"checklist": "3f1c0b6a1e2d4c5b6a7980f1e2d3c4b5a69788f9e0d1c2b3a4958677e8f9a0b1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n %+v\nwant\n %+v", got, want)
	}
}

func TestLoad_ConfigPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	good := writeConfig(t, "addr: \":1234\"\n")
	tests := []struct {
		name, path string
		env        map[string]string
		wantAddr   string // "" when Load must fail
	}{
		{name: "default path missing is fine", wantAddr: ":8080"},
		{name: "named file", path: good, wantAddr: ":1234"},
		{name: "LODE_CONFIG", env: map[string]string{"LODE_CONFIG": good}, wantAddr: ":1234"},
		{name: "named file missing", path: missing},
		{name: "LODE_CONFIG file missing", env: map[string]string{"LODE_CONFIG": missing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.path, envOf(tt.env))
			switch {
			case tt.wantAddr == "" && err == nil:
				t.Fatal("Load succeeded, want an error")
			case tt.wantAddr == "":
				if want := missing + ": cannot read the config file: no such file or directory"; err.Error() != want {
					t.Errorf("error = %q, want %q", err, want)
				}
			case err != nil:
				t.Fatal(err)
			case c.Addr != tt.wantAddr:
				t.Errorf("Addr = %q, want %q", c.Addr, tt.wantAddr)
			}
		})
	}
}

// Every problem in the file and the environment is reported at once, each
// with the line or variable at fault.
func TestLoad_Errors(t *testing.T) {
	tests := []struct {
		name, file string
		env        map[string]string
		want       []string // {path} stands for the file
	}{
		// yaml.v3 gives the line before the list that is never closed.
		{name: "syntax error", file: "addr: \":8080\"\nbase_url: [http://x\nlog_level: info\n",
			want: []string{"{path}:1: YAML syntax error on this line or below it: did not find expected ',' or ']'"}},
		{name: "syntax error on line 1", file: "addr: a: b\n",
			want: []string{"{path}:1: YAML syntax error on this line or below it: mapping values are not allowed in this context"}},
		{name: "not a mapping", file: "- addr\n",
			want: []string{"{path}:1: must be a mapping of settings (addr: ..., base_url: ...)"}},
		{name: "unknown and repeated keys", file: "addr: \":1\"\ndatabse_url: x\naddr: \":2\"\n",
			want: []string{
				`{path}:2: unknown setting "databse_url"; the settings are addr, base_url, database_url, redis_url, content_dir, plugin_dir, plugin_sha256, data_dir, log_level, log_format, session_ttl, secure_cookies, embed_origins, embed_secret, embed_public_key, max_body_bytes, xapi_max_body_bytes, trusted_proxies, new_learners_per_hour, learner_writes_per_minute, smtp_url, mail_from, ops_token, plugin_call_timeout, sync_interval, migrate, secret_key, lrs_key, lrs_secret, anonymous_retention, statement_actor_name, issuer_name, issuer_url, issuer_key, feed_poll_interval, feed_allow_private, forward`,
				"{path}:3: addr: set twice (first on line 1); keep one",
			}},
		{name: "wrong types", file: "session_ttl: 30\nmax_body_bytes: 1MiB\nmigrate: sometimes\nembed_origins: https://a.example\naddr: [1]\nplugin_sha256: [x]\n",
			want: []string{
				`{path}:1: session_ttl: must be a duration such as 720h, 30m or 5s, got "30"`,
				`{path}:2: max_body_bytes: must be a whole number of bytes such as 1048576, got "1MiB"`,
				`{path}:3: migrate: must be true or false, got "sometimes"`,
				`{path}:4: embed_origins: must be a list, such as [https://library.example]`,
				`{path}:5: addr: must be a single value, not a list or mapping`,
				`{path}:6: plugin_sha256: must be a mapping, such as {quiz: <sha256>}`,
			}},
		{name: "bad environment", env: map[string]string{"LODE_SESSION_TTL": "30 days", "LODE_MIGRATE": "", "LODE_MAX_BODY_BYTES": "big"},
			want: []string{
				`LODE_SESSION_TTL: must be a duration such as 720h, 30m or 5s, got "30 days"`,
				`LODE_MAX_BODY_BYTES: must be a whole number of bytes such as 1048576, got "big"`,
				`LODE_MIGRATE: must be true or false, got ""`,
			}},
		{name: "loading and validation problems together", file: "log_level: verbose\n", env: map[string]string{"LODE_PLUGIN_CALL_TIMEOUT": "soon"},
			want: []string{
				`LODE_PLUGIN_CALL_TIMEOUT: must be a duration such as 720h, 30m or 5s, got "soon"`,
				`log_level (LODE_LOG_LEVEL): must be one of debug, info, warn, error, got "verbose"`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.file != "" {
				path = writeConfig(t, tt.file)
			}
			_, err := Load(path, envOf(tt.env))
			if engine.ErrorCode(err) != engine.EINVALID {
				t.Fatalf("error code = %q (%v), want %q", engine.ErrorCode(err), err, engine.EINVALID)
			}
			want := strings.ReplaceAll(strings.Join(tt.want, "\n"), "{path}", path)
			if err.Error() != want {
				t.Errorf("error:\n%s\nwant:\n%s", err, want)
			}
		})
	}
}
