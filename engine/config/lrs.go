package config

import (
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine"
)

// forwardRemotes reads the forward setting: a list of mappings with the
// keys endpoint, key, secret and version.
func forwardRemotes(c *Config, path string, v *yaml.Node) []error {
	c.Forward = nil
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		return nil
	}
	at := func(n *yaml.Node, field, format string, args ...any) error {
		return engine.FieldError(fmt.Sprintf("%s:%d: %s", path, n.Line, field), format, args...)
	}
	if v.Kind != yaml.SequenceNode {
		return []error{at(v, "forward", "must be a list of remote LRSs, such as [{endpoint: https://lrs.example/xapi, key: lode}]")}
	}
	var errs []error
	for i, item := range v.Content {
		field := fmt.Sprintf("forward[%d]", i+1)
		if item.Kind != yaml.MappingNode {
			errs = append(errs, at(item, field, "must be a mapping with endpoint, key, secret and version"))
			continue
		}
		var r ForwardRemote
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := item.Content[j], item.Content[j+1]
			dst := map[string]*string{"endpoint": &r.Endpoint, "key": &r.Key, "secret": &r.Secret, "version": &r.Version}[k.Value]
			switch {
			case dst == nil:
				errs = append(errs, at(k, field, "unknown key %q; the keys are endpoint, key, secret and version", k.Value))
			case val.Kind != yaml.ScalarNode:
				errs = append(errs, at(val, field+"."+k.Value, "must be a single value"))
			default:
				*dst = val.Value
			}
		}
		r.Endpoint = strings.TrimSuffix(r.Endpoint, "/")
		if r.Version == "" {
			r.Version = "1.0.3"
		}
		c.Forward = append(c.Forward, r)
	}
	return errs
}

// forwardSecretEnv is the variable that holds the secret of the n-th
// (from 1) remote of forward.
func forwardSecretEnv(n int) string { return fmt.Sprintf("LODE_FORWARD_%d_SECRET", n) }

// forwardSecrets takes the forward secrets from the environment, where
// they are safer than in a file under version control.
func (l *loader) forwardSecrets(env func(string) (string, bool)) {
	for i := range l.c.Forward {
		if v, ok := env(forwardSecretEnv(i + 1)); ok {
			l.c.Forward[i].Secret = v
		}
	}
}

// lrs checks the bootstrap client and the forward remotes.
func (v *validator) lrs(c Config) {
	switch {
	case c.LRSKey == "" && c.LRSSecret == "":
	case c.LRSKey == "" || c.LRSSecret == "":
		v.errorf("lrs_key", "and lrs_secret (LODE_LRS_SECRET) must be set together, or both left empty")
	case strings.ContainsAny(c.LRSKey, ": \t\r\n") || len(c.LRSKey) > 100:
		v.errorf("lrs_key", "must be at most 100 characters without spaces or a colon (it is an HTTP Basic user name)")
	case len(c.LRSSecret) < 16:
		v.errorf("lrs_secret", "must be at least 16 characters (e.g. from `openssl rand -hex 24`)")
	}
	seen := map[string]int{}
	for i, r := range c.Forward {
		field := fmt.Sprintf("forward[%d]", i+1)
		if msg := remoteEndpointProblem(r.Endpoint); msg != "" {
			v.errorf(field+".endpoint", "%s", msg)
		} else if first, dup := seen[r.Endpoint]; dup {
			v.errorf(field+".endpoint", "is the same as forward[%d]'s; list each remote once", first)
		} else {
			seen[r.Endpoint] = i + 1
		}
		if r.Key == "" || strings.Contains(r.Key, ":") {
			v.errorf(field+".key", "must be set, without a colon: it is the HTTP Basic user name the remote LRS gave Lode")
		}
		if r.Secret == "" {
			v.errorf(field+".secret", "must be set; prefer the environment variable %s to the file", forwardSecretEnv(i+1))
		}
		if r.Version != "1.0.3" && r.Version != "2.0.0" {
			v.errorf(field+".version", "must be 1.0.3 or 2.0.0, the xAPI version the remote LRS speaks, got %q", r.Version)
		}
	}
}

// remoteEndpointProblem says what is wrong with a forward endpoint, or "".
// Plain http is refused except to this machine: the credentials would
// cross the network in the clear. The message never repeats the URL,
// which may hold a password.
func remoteEndpointProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "must be an absolute https:// URL, the remote LRS's xAPI base, such as https://lrs.example/xapi"
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "must not hold a user, query or fragment; give the credentials as key and secret"
	case u.Scheme == "http" && !loopback(u.Hostname()):
		return "must be https:// (http:// is allowed only to this machine): Lode sends its LRS credentials with every request"
	}
	return ""
}

func loopback(host string) bool { return host == "localhost" || host == "127.0.0.1" || host == "::1" }
