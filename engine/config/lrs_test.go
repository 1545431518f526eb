package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine"
)

func TestLoad_LRS(t *testing.T) {
	t.Run("BootstrapClientFromEnv", func(t *testing.T) {
		got, err := Load("", envOf(map[string]string{"LODE_LRS_KEY": "conformance", "LODE_LRS_SECRET": "a-long-enough-secret"}))
		if err != nil {
			t.Fatal(err)
		}
		if got.LRSKey != "conformance" || got.LRSSecret != "a-long-enough-secret" {
			t.Fatalf("lrs_key %q, lrs_secret %q", got.LRSKey, got.LRSSecret)
		}
	})

	t.Run("ForwardFromFileSecretsFromEnv", func(t *testing.T) {
		path := writeConfig(t, `
forward:
  - endpoint: https://lrs.state-library.example/xapi/
    key: lode-main
    secret: in-the-file
  - endpoint: http://127.0.0.1:9000/xapi
    key: local
    version: 2.0.0
`)
		got, err := Load(path, envOf(map[string]string{"LODE_FORWARD_2_SECRET": "from-env"}))
		if err != nil {
			t.Fatal(err)
		}
		want := []ForwardRemote{
			{Endpoint: "https://lrs.state-library.example/xapi", Key: "lode-main", Secret: "in-the-file", Version: "1.0.3"},
			{Endpoint: "http://127.0.0.1:9000/xapi", Key: "local", Secret: "from-env", Version: "2.0.0"},
		}
		if !reflect.DeepEqual(got.Forward, want) {
			t.Fatalf("forward\n %+v\nwant\n %+v", got.Forward, want)
		}
	})

	t.Run("ForwardErrorsNameTheLine", func(t *testing.T) {
		path := writeConfig(t, "forward:\n  - endpoint: https://a.example/xapi\n    key: k\n    secret: s\n    password: x\n  - just-a-url\n")
		_, err := Load(path, noEnv)
		want := path + `:5: forward[1]: unknown key "password"; the keys are endpoint, key, secret and version` + "\n" +
			path + `:6: forward[2]: must be a mapping with endpoint, key, secret and version`
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("error:\n%v\nwant it to start with:\n%s", err, want)
		}
		if _, err := Load(writeConfig(t, "forward: https://a.example\n"), noEnv); err == nil ||
			!strings.Contains(err.Error(), "forward: must be a list of remote LRSs") {
			t.Fatalf("a scalar forward: got %v", err)
		}
	})
}

func TestValidate_LRS(t *testing.T) {
	remote := ForwardRemote{Endpoint: "https://lrs.example/xapi", Key: "lode", Secret: "s3cret", Version: "1.0.3"}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string
	}{
		{"bootstrap client", func(c *Config) { c.LRSKey, c.LRSSecret = "conformance", strings.Repeat("x", 16) }, nil},
		{"key without secret", func(c *Config) { c.LRSKey = "conformance" },
			[]string{"lrs_key (LODE_LRS_KEY): and lrs_secret (LODE_LRS_SECRET) must be set together, or both left empty"}},
		{"key with a colon", func(c *Config) { c.LRSKey, c.LRSSecret = "a:b", strings.Repeat("x", 16) },
			[]string{"lrs_key (LODE_LRS_KEY): must be at most 100 characters without spaces or a colon (it is an HTTP Basic user name)"}},
		{"short secret", func(c *Config) { c.LRSKey, c.LRSSecret = "conformance", "short" },
			[]string{"lrs_secret (LODE_LRS_SECRET): must be at least 16 characters (e.g. from `openssl rand -hex 24`)"}},
		{"remotes", func(c *Config) {
			local := remote
			local.Endpoint = "http://localhost:8081/xapi"
			c.Forward = []ForwardRemote{remote, local}
		}, nil},
		{"remote problems", func(c *Config) {
			plain, dup, bad := remote, remote, ForwardRemote{Endpoint: "https://u:p@lrs.example/xapi", Key: "a:b", Version: "0.95"}
			plain.Endpoint = "http://lrs.example/xapi"
			c.Forward = []ForwardRemote{remote, plain, dup, bad}
		}, []string{
			"forward[2].endpoint: must be https:// (http:// is allowed only to this machine): Lode sends its LRS credentials with every request",
			"forward[3].endpoint: is the same as forward[1]'s; list each remote once",
			"forward[4].endpoint: must not hold a user, query or fragment; give the credentials as key and secret",
			"forward[4].key: must be set, without a colon: it is the HTTP Basic user name the remote LRS gave Lode",
			"forward[4].secret: must be set; prefer the environment variable LODE_FORWARD_4_SECRET to the file",
			`forward[4].version: must be 1.0.3 or 2.0.0, the xAPI version the remote LRS speaks, got "0.95"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.change(&c)
			err := c.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if engine.ErrorCode(err) != engine.EINVALID || err.Error() != strings.Join(tt.want, "\n") {
				t.Fatalf("error:\n%v\nwant:\n%s", err, strings.Join(tt.want, "\n"))
			}
		})
	}
}
