package schemaform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// kind is what a node edits, and so which input it renders as.
type kind int

const (
	kindRaw     kind = iota // anything else: a JSON text area
	kindObject              // a fieldset of properties
	kindArray               // a fieldset of items with add/remove/move buttons
	kindString              // a text input, a text area for Markdown, a select for an enum
	kindNumber              // a text input with a decimal keyboard
	kindInteger             // a text input with a numeric keyboard
	kindBoolean             // a checkbox
)

// node is one compiled (sub)schema.
type node struct {
	kind        kind
	nullable    bool // "type": [..., "null"]: null counts as left out
	title       string
	description string
	def         json.RawMessage // default, or nil

	// objects
	props    []prop
	required map[string]bool
	closed   bool // additionalProperties: false

	// arrays
	items              *node
	minItems, maxItems *float64

	// strings
	enum                 []string
	minLength, maxLength *float64
	patterns             []*regexp.Regexp
	format               string
	markdown             bool

	// numbers
	minimum, maximum      *float64
	exclusiveMin, exclMax *float64
}

type prop struct {
	key  string
	node *node
}

// schema is the part of a JSON Schema the compiler reads. Keywords it does
// not know are ignored when they only annotate (examples, $comment) and
// turn the subtree into a JSON text area when they constrain (see raw).
type schema struct {
	Type                 json.RawMessage            `json:"type"`
	Title                string                     `json:"title"`
	Description          string                     `json:"description"`
	Default              json.RawMessage            `json:"default"`
	Properties           orderedProps               `json:"properties"`
	Required             []string                   `json:"required"`
	AdditionalProperties json.RawMessage            `json:"additionalProperties"`
	Items                json.RawMessage            `json:"items"`
	MinItems             *float64                   `json:"minItems"`
	MaxItems             *float64                   `json:"maxItems"`
	Enum                 []json.RawMessage          `json:"enum"`
	Const                json.RawMessage            `json:"const"`
	MinLength            *float64                   `json:"minLength"`
	MaxLength            *float64                   `json:"maxLength"`
	Pattern              *string                    `json:"pattern"`
	Format               string                     `json:"format"`
	ContentMediaType     string                     `json:"contentMediaType"`
	Minimum              *float64                   `json:"minimum"`
	Maximum              *float64                   `json:"maximum"`
	ExclusiveMinimum     *float64                   `json:"exclusiveMinimum"`
	ExclusiveMaximum     *float64                   `json:"exclusiveMaximum"`
	AllOf                []json.RawMessage          `json:"allOf"`
	AnyOf                json.RawMessage            `json:"anyOf"`
	OneOf                json.RawMessage            `json:"oneOf"`
	Not                  json.RawMessage            `json:"not"`
	If                   json.RawMessage            `json:"if"`
	Ref                  string                     `json:"$ref"`
	Defs                 map[string]json.RawMessage `json:"$defs"`
	Definitions          map[string]json.RawMessage `json:"definitions"`
	PatternProperties    json.RawMessage            `json:"patternProperties"`
	PrefixItems          json.RawMessage            `json:"prefixItems"`

	morePatterns []string // from allOf
}

// orderedProps keeps properties in the order the schema lists them, so the
// form follows the author of the schema rather than the alphabet.
type orderedProps []struct {
	key string
	raw json.RawMessage
}

func (o *orderedProps) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("properties must be an object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		*o = append(*o, struct {
			key string
			raw json.RawMessage
		}{t.(string), raw})
	}
	return nil
}

// compiler resolves $ref against the root's $defs and stops on cycles.
type compiler struct {
	rootRaw json.RawMessage
	root    schema
	depth   int
}

// maxDepth bounds nesting, and so $ref expansion: a recursive schema (a
// tree of sections) is edited as JSON below this depth instead of looping
// for ever. Content configurations nest about six deep (a quiz's choice's
// text); each level left out still renders its empty inputs.
const maxDepth = 12

func compile(raw json.RawMessage) (*node, error) {
	var root schema
	if err := json.Unmarshal(raw, &root); err != nil {
		return nil, fmt.Errorf("the schema must be a JSON object: %w", err)
	}
	c := &compiler{rootRaw: raw, root: root}
	return c.node(raw), nil
}

// node compiles one subschema; it never fails: what it cannot turn into
// inputs becomes a JSON text area that keeps the value as it is.
func (c *compiler) node(raw json.RawMessage) *node {
	var s schema
	if err := json.Unmarshal(raw, &s); err != nil {
		return &node{kind: kindRaw} // true, false, or a malformed schema
	}
	if c.depth++; c.depth > maxDepth {
		c.depth--
		return &node{kind: kindRaw, title: s.Title, description: s.Description}
	}
	defer func() { c.depth-- }()
	if s.Ref != "" {
		target, ok := c.resolve(s.Ref)
		if !ok {
			return &node{kind: kindRaw, title: s.Title, description: s.Description}
		}
		n := *c.node(target)
		annotate(&n, s) // keywords beside $ref refine the target (2020-12)
		return &n
	}
	s, ok := mergeAllOf(s)
	if !ok || s.AnyOf != nil || s.OneOf != nil || s.Not != nil || s.If != nil ||
		s.PatternProperties != nil || s.PrefixItems != nil || s.Const != nil {
		n := &node{kind: kindRaw}
		annotate(n, s)
		return n
	}
	n := &node{}
	n.kind, n.nullable = kindOf(s)
	annotate(n, s)
	switch n.kind {
	case kindObject:
		n.required = map[string]bool{}
		for _, k := range s.Required {
			n.required[k] = true
		}
		for _, p := range s.Properties {
			n.props = append(n.props, prop{key: p.key, node: c.node(p.raw)})
		}
		n.closed = string(bytes.TrimSpace(s.AdditionalProperties)) == "false"
	case kindArray:
		n.items = c.node(s.Items)
		if len(s.Items) == 0 {
			n.items = &node{kind: kindRaw}
		}
		n.minItems, n.maxItems = s.MinItems, s.MaxItems
	case kindString:
		n.minLength, n.maxLength, n.format = s.MinLength, s.MaxLength, s.Format
		n.markdown = s.ContentMediaType == "text/markdown" || s.Format == "markdown"
		patterns := s.morePatterns
		if s.Pattern != nil {
			patterns = append([]string{*s.Pattern}, patterns...)
		}
		for _, p := range patterns {
			re, err := regexp.Compile(p)
			if err != nil {
				return &node{kind: kindRaw, title: n.title, description: n.description}
			}
			n.patterns = append(n.patterns, re)
		}
		for _, e := range s.Enum {
			var v string
			if json.Unmarshal(e, &v) != nil {
				return &node{kind: kindRaw, title: n.title, description: n.description}
			}
			n.enum = append(n.enum, v)
		}
	case kindNumber, kindInteger:
		n.minimum, n.maximum = s.Minimum, s.Maximum
		n.exclusiveMin, n.exclMax = s.ExclusiveMinimum, s.ExclusiveMaximum
	}
	if s.Enum != nil && n.kind != kindString {
		return &node{kind: kindRaw, title: n.title, description: n.description}
	}
	return n
}

// annotate copies the keywords every kind of node shows.
func annotate(n *node, s schema) {
	if s.Title != "" {
		n.title = s.Title
	}
	if s.Description != "" {
		n.description = s.Description
	}
	if s.Default != nil {
		n.def = s.Default
	}
}

// kindOf reads "type": one type, or one type and "null". A schema with no
// type but properties is an object, with an enum of strings a string.
func kindOf(s schema) (kind, bool) {
	var types []string
	var one string
	if json.Unmarshal(s.Type, &one) == nil {
		types = []string{one}
	} else {
		_ = json.Unmarshal(s.Type, &types)
	}
	nullable := slices.Contains(types, "null")
	types = slices.DeleteFunc(types, func(t string) bool { return t == "null" })
	if len(types) == 0 {
		switch {
		case s.Properties != nil:
			return kindObject, nullable
		case s.Items != nil:
			return kindArray, nullable
		case s.Enum != nil:
			return kindString, nullable
		}
		return kindRaw, nullable
	}
	if len(types) > 1 {
		return kindRaw, nullable
	}
	switch types[0] {
	case "object":
		return kindObject, nullable
	case "array":
		return kindArray, nullable
	case "string":
		return kindString, nullable
	case "number":
		return kindNumber, nullable
	case "integer":
		return kindInteger, nullable
	case "boolean":
		return kindBoolean, nullable
	}
	return kindRaw, nullable
}

// mergeAllOf folds an allOf whose parts only add string patterns or
// bounds (what sdkconfig emits for a required text with a pattern) into s;
// it reports false for any other allOf, which the caller edits as JSON.
func mergeAllOf(s schema) (schema, bool) {
	for _, raw := range s.AllOf {
		var part map[string]json.RawMessage
		if json.Unmarshal(raw, &part) != nil {
			return s, false
		}
		for k, v := range part {
			var f float64
			switch k {
			case "pattern":
				var p string
				if json.Unmarshal(v, &p) != nil {
					return s, false
				}
				s.morePatterns = append(s.morePatterns, p) // every one must match
			case "minLength", "maxLength":
				if json.Unmarshal(v, &f) != nil {
					return s, false
				}
				if k == "minLength" && (s.MinLength == nil || f > *s.MinLength) {
					s.MinLength = &f
				}
				if k == "maxLength" && (s.MaxLength == nil || f < *s.MaxLength) {
					s.MaxLength = &f
				}
			case "description", "title", "$comment":
			default:
				return s, false
			}
		}
	}
	s.AllOf = nil
	return s, true
}

// resolve finds a local reference: "#", "#/$defs/name", "#/definitions/name".
func (c *compiler) resolve(ref string) (json.RawMessage, bool) {
	if ref == "#" {
		return c.rootRaw, true
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	defs := c.root.Defs
	if !ok {
		name, ok = strings.CutPrefix(ref, "#/definitions/")
		defs = c.root.Definitions
	}
	if !ok {
		return nil, false
	}
	raw, ok := defs[ptrToKey.Replace(name)]
	return raw, ok
}
