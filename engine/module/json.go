package module

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits on a config after aliases (*name) are expanded: a few aliases of
// aliases can expand to billions of values from a small file.
const (
	maxConfigDepth = 64
	maxConfigNodes = 100_000
)

// converter writes one object's config as JSON, keeping the author's key
// order, numbers and booleans.
type converter struct {
	d      *decoder
	buf    bytes.Buffer
	nodes  int
	failed bool
	open   map[*yaml.Node]bool // anchored nodes being converted: an alias to one is a cycle
}

// toJSON converts an object's config to the JSON its content type receives.
// field prefixes problems; the JSON pointer of the bad value is appended.
func (d *decoder) toJSON(n *yaml.Node, field string) (json.RawMessage, bool) {
	c := &converter{d: d, open: map[*yaml.Node]bool{}}
	if !c.value(n, field, 0) || c.failed {
		return nil, false
	}
	return json.RawMessage(c.buf.Bytes()), true
}

// value writes n. It returns false to abandon the whole conversion (limits
// exceeded); a bad value is recorded in c.failed and conversion goes on, so
// that every bad value is reported.
func (c *converter) value(n *yaml.Node, field string, depth int) bool {
	c.nodes++
	switch {
	case depth > maxConfigDepth:
		c.d.errorf(n, field, "nested more than %d levels deep", maxConfigDepth)
		return false
	case c.nodes > maxConfigNodes:
		c.d.errorf(n, field, "more than %d values once aliases are expanded", maxConfigNodes)
		return false
	case n.Anchor != "":
		c.open[n] = true
		defer delete(c.open, n)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		return c.value(n.Content[0], field, depth+1)
	case yaml.AliasNode:
		if c.open[n.Alias] {
			c.d.errorf(n, field, "the alias *%s names a value that contains it", n.Value)
			return false
		}
		return c.value(n.Alias, field, depth+1)
	case yaml.MappingNode:
		return c.mapping(n, field, depth)
	case yaml.SequenceNode:
		c.buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				c.buf.WriteByte(',')
			}
			if !c.value(item, field+"/"+strconv.Itoa(i), depth+1) {
				return false
			}
		}
		c.buf.WriteByte(']')
		return true
	}
	c.scalar(n, field)
	return true
}

// mapping writes a mapping as a JSON object. JSON keys are text, so any
// other key (1:, true:, the merge key <<) is a problem.
func (c *converter) mapping(n *yaml.Node, field string, depth int) bool {
	c.buf.WriteByte('{')
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		kfield := field + "/" + escapePointer(k.Value)
		switch {
		case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge":
			c.fail(k, kfield, "merge keys (<<) are not supported; repeat the values or use an alias (*name)")
			continue
		case k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str":
			c.fail(k, kfield, "keys must be text; quote the key (\"%s\": ...) if it is meant as text", k.Value)
			continue
		case lines[k.Value] > 0:
			c.fail(k, kfield, "written twice (first on line %d); keep one", lines[k.Value])
			continue
		}
		lines[k.Value] = k.Line
		if c.buf.Bytes()[c.buf.Len()-1] != '{' {
			c.buf.WriteByte(',')
		}
		c.write(k.Value)
		c.buf.WriteByte(':')
		if !c.value(n.Content[i+1], kfield, depth+1) {
			return false
		}
	}
	c.buf.WriteByte('}')
	return true
}

// scalar writes a single value with the type YAML resolved for it.
// Timestamps and binary stay text: JSON has neither.
func (c *converter) scalar(n *yaml.Node, field string) {
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!timestamp", "!!binary":
		c.write(n.Value)
	case fileTag:
		s, ok := c.d.inline(n, field)
		c.failed = c.failed || !ok
		c.write(s)
	case "!!null":
		c.buf.WriteString("null")
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			c.fail(n, field, "cannot read %s as a %s: %v", quote(n.Value), tag[2:], err)
			return
		}
		if f, ok := v.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
			c.fail(n, field, "%s cannot be passed on: JSON has no infinity or NaN", n.Value)
			return
		}
		c.write(v)
	default:
		c.fail(n, field, "unknown tag %s; the only tag Lode knows is %s", tag, fileTag)
	}
}

func (c *converter) fail(n *yaml.Node, field, format string, args ...any) {
	c.d.errorf(n, field, format, args...)
	c.failed = true // the JSON is thrown away; conversion goes on only to find more problems
}

// write appends v as JSON. Only strings, numbers and booleans reach it, so
// Marshal cannot fail. HTML is not escaped: the text is the author's own.
func (c *converter) write(v any) {
	enc := json.NewEncoder(&c.buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	c.buf.Truncate(c.buf.Len() - 1) // Encode ends with a newline
}

// escapePointer escapes one JSON pointer segment (RFC 6901).
func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
