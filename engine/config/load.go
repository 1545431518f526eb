package config

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine"
)

// Load returns the configuration: Default, overridden by the YAML file at
// path, overridden by environment variables read through env (os.LookupEnv
// in production), then validated. An empty path means the file LODE_CONFIG
// names, or else DefaultPath; only DefaultPath may be missing.
//
// A variable that is set but empty overrides with the empty value:
// LODE_REDIS_URL= turns Redis off even if the file sets it.
//
// The error joins one *engine.Error (EINVALID) per problem, from the file,
// the environment and Validate, so that all can be fixed at once.
func Load(path string, env func(string) (string, bool)) (Config, error) {
	l := &loader{c: Default(), set: map[string]bool{}}
	if path == "" {
		path, l.optional = DefaultPath, true
		if p, ok := env("LODE_CONFIG"); ok && p != "" {
			path, l.optional = p, false
		}
	}
	l.file(path)
	l.env(env)
	l.forwardSecrets(env)
	l.c.BaseURL = strings.TrimSuffix(l.c.BaseURL, "/")
	if !l.set["secure_cookies"] {
		l.c.SecureCookies = strings.HasPrefix(l.c.BaseURL, "https://")
	}
	if err := errors.Join(append(l.errs, l.c.Validate())...); err != nil {
		return Config{}, err
	}
	return l.c, nil
}

// loader collects a Config and every problem met while reading it.
type loader struct {
	c        Config
	set      map[string]bool // keys set by the file or the environment
	optional bool            // the file may be missing
	errs     []error
}

func (l *loader) errorf(field, format string, args ...any) {
	l.errs = append(l.errs, engine.FieldError(field, format, args...))
}

// env applies the environment variables that are set.
func (l *loader) env(env func(string) (string, bool)) {
	for _, s := range settings() {
		if s.env == "" {
			continue
		}
		v, ok := env(s.env)
		if !ok {
			continue
		}
		l.set[s.key] = true
		switch {
		case s.scalar != nil:
			if err := s.scalar(&l.c, v); err != nil {
				l.errorf(s.env, "%v", err)
			}
		case s.list != nil:
			s.list(&l.c, splitList(v))
		case s.table != nil:
			l.envTable(s, v)
		}
	}
}

// splitList splits a comma-separated variable, ignoring blanks.
func splitList(v string) []string {
	var items []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// file applies the settings of the YAML file at path.
func (l *loader) file(path string) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && l.optional:
		return
	case err != nil:
		l.errorf(path, "cannot read the config file: %v", cause(err))
		return
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.syntaxError(path, err)
		return
	}
	if len(doc.Content) == 0 { // empty or only comments: all defaults
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		l.errorf(fmt.Sprintf("%s:%d", path, root.Line), "must be a mapping of settings (addr: ..., base_url: ...)")
		return
	}
	l.mapping(path, root)
}

// yamlLine splits a yaml.v3 syntax error ("yaml: line 3: ...") into its
// line and message. yaml.v3 leaves the line out on the first line.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func (l *loader) syntaxError(path string, err error) {
	line, msg := "1", err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, msg = cmp.Or(m[1], "1"), m[2]
	}
	l.errorf(path+":"+line, "YAML syntax error on this line or below it: %s", msg)
}

// cause drops the operation and path from an *fs.PathError: the field
// already names the file.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
