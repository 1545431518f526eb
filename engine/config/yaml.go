package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// mapping applies each key of the file's top-level mapping. Unknown keys
// are errors: a misspelt setting silently left at its default is worse than
// a server that will not start.
func (l *loader) mapping(path string, root *yaml.Node) {
	known := map[string]setting{}
	var keys []string
	for _, s := range settings() {
		known[s.key] = s
		keys = append(keys, s.key)
	}
	lines := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		field := fmt.Sprintf("%s:%d: %s", path, k.Line, k.Value)
		s, ok := known[k.Value]
		switch {
		case !ok:
			l.errorf(fmt.Sprintf("%s:%d", path, k.Line), "unknown setting %q; the settings are %s", k.Value, strings.Join(keys, ", "))
		case lines[k.Value] > 0:
			l.errorf(field, "set twice (first on line %d); keep one", lines[k.Value])
		default:
			lines[k.Value] = k.Line
			l.set[k.Value] = true
			if s.node != nil {
				l.errs = append(l.errs, s.node(&l.c, path, v)...)
				continue
			}
			l.value(field, s, v)
		}
	}
}

// value applies one setting's YAML value. A null value (key: with nothing
// after it) is the empty value, as an empty environment variable is.
func (l *loader) value(field string, s setting, v *yaml.Node) {
	null := v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null"
	switch {
	case s.scalar != nil && v.Kind == yaml.ScalarNode:
		text := v.Value
		if null {
			text = ""
		}
		if err := s.scalar(&l.c, text); err != nil {
			l.errorf(field, "%v", err)
		}
	case s.list != nil && (null || v.Kind == yaml.SequenceNode):
		items, ok := scalars(v.Content)
		if !ok {
			l.errorf(field, "must be a list of text values")
			return
		}
		s.list(&l.c, items)
	case s.table != nil && (null || v.Kind == yaml.MappingNode):
		m := map[string]string{}
		items, ok := scalars(v.Content)
		if !ok {
			l.errorf(field, "must map names to text values")
			return
		}
		for i := 0; i+1 < len(items); i += 2 {
			m[items[i]] = items[i+1]
		}
		s.table(&l.c, m)
	case s.scalar != nil:
		l.errorf(field, "must be a single value, not a list or mapping")
	case s.list != nil:
		l.errorf(field, "must be a list, such as [https://library.example]")
	default:
		l.errorf(field, "must be a mapping, such as {quiz: <sha256>}")
	}
}

// scalars returns the text of nodes that must all be single values.
// An empty list gives nil, as an unset setting has.
func scalars(nodes []*yaml.Node) ([]string, bool) {
	if len(nodes) == 0 {
		return nil, true
	}
	out := make([]string, len(nodes))
	for i, n := range nodes {
		if n.Kind != yaml.ScalarNode {
			return nil, false
		}
		out[i] = n.Value
	}
	return out, true
}
