package authoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/spdx"
)

// Settings are what a new module starts from; each is checked here, the
// rest by the module check once the draft is saved.
type Settings struct {
	ID, Title, Language, License, Attribution string
	CEHours                                   string // a number, or empty
	Topics                                    []string
	Completion                                string // "required" or "all"
}

// newModule is module.yaml's fields, in the order an author expects.
type newModule struct {
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Version     string   `yaml:"version"`
	Language    string   `yaml:"language"`
	License     string   `yaml:"license"`
	Attribution string   `yaml:"attribution,omitempty"`
	CEHours     *float64 `yaml:"ce_hours,omitempty"`
	Topics      []string `yaml:"topics,omitempty"`
	Completion  struct {
		Objects string `yaml:"objects"`
	} `yaml:"completion"`
	Objects []any `yaml:"objects"`
}

// NewModule is the files of a module with no objects yet, at version
// 1.0.0. EINVALID naming the field for a bad license or CE hours.
func NewModule(s Settings) (Files, error) {
	m := newModule{ID: s.ID, Title: strings.TrimSpace(s.Title), Version: "1.0.0", Language: s.Language, Attribution: s.Attribution, Topics: s.Topics, Objects: []any{}}
	if m.Title == "" {
		return nil, engine.FieldError("title", "give the module a title")
	}
	lic, err := spdx.Check(s.License)
	if err != nil {
		return nil, engine.FieldError("license", "%v", err)
	}
	m.License = lic
	if s.CEHours != "" {
		h, err := strconv.ParseFloat(s.CEHours, 64)
		if err != nil || h < 0 || h > 100 {
			return nil, engine.FieldError("ce_hours", "%q is not a number of hours from 0 to 100", s.CEHours)
		}
		m.CEHours = &h
	}
	m.Completion.Objects = map[bool]string{true: "all", false: "required"}[s.Completion == "all"]
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return Files{ModuleFile: buf.Bytes()}, nil
}

// ModuleFile is the module's own file.
const ModuleFile = "module.yaml"

// ObjectSummary is one object as the editor lists it; Config is its
// config as YAML, as written in module.yaml.
type ObjectSummary struct {
	ID, Type, Title, Config string
}

// moduleDoc is a draft's module.yaml parsed, kept as nodes so that what
// the editor does not touch (comments, !file tags, order) stays as the
// author wrote it.
type moduleDoc struct {
	doc     yaml.Node
	objects *yaml.Node // the objects sequence
}

func parseModule(files Files) (*moduleDoc, error) {
	var d moduleDoc
	if err := yaml.Unmarshal(files[ModuleFile], &d.doc); err != nil {
		return nil, engine.FieldError(ModuleFile, "%v", err)
	}
	if d.doc.Kind != yaml.DocumentNode || len(d.doc.Content) == 0 || d.doc.Content[0].Kind != yaml.MappingNode {
		return nil, engine.FieldError(ModuleFile, "must be a mapping of fields (id: ..., objects: ...)")
	}
	d.objects = valueOf(d.doc.Content[0], "objects")
	if d.objects == nil {
		top := d.doc.Content[0]
		d.objects = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "objects"}, d.objects)
	}
	if d.objects.Kind != yaml.SequenceNode {
		return nil, engine.FieldError("objects", "must be a list of objects")
	}
	d.objects.Style = 0 // [] written by NewModule becomes a block list once it has items
	return &d, nil
}

// valueOf is the value of key in mapping n; nil if absent.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func (d *moduleDoc) write(files Files) (Files, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&d.doc); err != nil {
		return nil, err
	}
	out := Files{}
	for k, v := range files {
		out[k] = v
	}
	out[ModuleFile] = buf.Bytes()
	return out, nil
}

// Objects lists the draft's objects; EINVALID if module.yaml does not
// parse.
func Objects(files Files) ([]ObjectSummary, error) {
	d, err := parseModule(files)
	if err != nil {
		return nil, err
	}
	out := make([]ObjectSummary, 0, len(d.objects.Content))
	for _, o := range d.objects.Content {
		s := ObjectSummary{}
		if o.Kind == yaml.MappingNode {
			s.ID, s.Type, s.Title = scalar(valueOf(o, "id")), scalar(valueOf(o, "type")), scalar(valueOf(o, "title"))
			if c := valueOf(o, "config"); c != nil {
				s.Config = nodeYAML(c)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func nodeYAML(n *yaml.Node) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	_ = enc.Encode(n) // a node that was decoded encodes
	return buf.String()
}

// index checks i against the objects; EINVALID otherwise.
func (d *moduleDoc) index(i int) error {
	if i < 0 || i >= len(d.objects.Content) {
		return engine.FieldError("object", "there is no object %d (the module has %d)", i+1, len(d.objects.Content))
	}
	return nil
}

// ObjectEdit is a change to the list of objects.
type ObjectEdit func(d *moduleDoc) error

// EditObjects applies edit to module.yaml and returns the new files.
func EditObjects(files Files, edit ObjectEdit) (Files, error) {
	d, err := parseModule(files)
	if err != nil {
		return nil, err
	}
	if err := edit(d); err != nil {
		return nil, err
	}
	return d.write(files)
}

// AddObject appends an object of a content type with an empty config.
func AddObject(id, contentType, title string) ObjectEdit {
	return func(d *moduleDoc) error {
		if !moduleIDPattern.MatchString(id) {
			return engine.FieldError("object_id", "%q is not an object id: lower-case letters, digits and hyphens", id)
		}
		for _, o := range d.objects.Content {
			if scalar(valueOf(o, "id")) == id {
				return engine.FieldError("object_id", "the module has an object %q already", id)
			}
		}
		if strings.TrimSpace(title) == "" {
			return engine.FieldError("object_title", "give the object a title")
		}
		var n yaml.Node
		_ = n.Encode(map[string]any{"id": id, "type": contentType, "title": title, "config": map[string]any{}})
		sortKeys(&n, "id", "type", "title", "config")
		d.objects.Content = append(d.objects.Content, &n)
		return nil
	}
}

// sortKeys orders a mapping's keys as listed.
func sortKeys(n *yaml.Node, keys ...string) {
	var out []*yaml.Node
	for _, k := range keys {
		if v := valueOf(n, k); v != nil {
			out = append(out, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
		}
	}
	n.Content = out
}

// MoveObject moves object i by delta places (-1 up, +1 down).
func MoveObject(i, delta int) ObjectEdit {
	return func(d *moduleDoc) error {
		if err := d.index(i); err != nil {
			return err
		}
		if err := d.index(i + delta); err != nil {
			return engine.FieldError("object", "object %d cannot move further", i+1)
		}
		c := d.objects.Content
		c[i], c[i+delta] = c[i+delta], c[i]
		return nil
	}
}

// RemoveObject removes object i.
func RemoveObject(i int) ObjectEdit {
	return func(d *moduleDoc) error {
		if err := d.index(i); err != nil {
			return err
		}
		d.objects.Content = append(d.objects.Content[:i], d.objects.Content[i+1:]...)
		return nil
	}
}

// SetConfig replaces object i's config with configYAML; EINVALID naming
// the object's config if it is not YAML.
func SetConfig(i int, configYAML string) ObjectEdit {
	return func(d *moduleDoc) error {
		if err := d.index(i); err != nil {
			return err
		}
		field := fmt.Sprintf("objects[%d].config", i)
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(configYAML), &n); err != nil {
			return engine.FieldError(field, "%v", err)
		}
		config := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if len(n.Content) > 0 {
			config = n.Content[0]
		}
		o := d.objects.Content[i]
		if v := valueOf(o, "config"); v != nil {
			*v = *config
		} else {
			o.Content = append(o.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "config"}, config)
		}
		return nil
	}
}

// ConfigJSON is object i's config as JSON, for a form generated from its
// content type's schema; false when the config inlines files (!file) or
// uses YAML a form cannot keep (anchors), which only its YAML can.
func ConfigJSON(files Files, i int) (json.RawMessage, bool, error) {
	d, err := parseModule(files)
	if err != nil {
		return nil, false, err
	}
	if err := d.index(i); err != nil {
		return nil, false, err
	}
	c := valueOf(d.objects.Content[i], "config")
	if c == nil {
		return json.RawMessage(`{}`), true, nil
	}
	if !plain(c) {
		return nil, false, nil
	}
	var v any
	if err := c.Decode(&v); err != nil {
		return nil, false, engine.FieldError(fmt.Sprintf("objects[%d].config", i), "%v", err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false, nil // keys that are not strings: YAML only
	}
	return b, true, nil
}

// plain reports whether n has no custom tags, anchors or aliases.
func plain(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || (n.Tag != "" && !strings.HasPrefix(n.Tag, "!!")) {
		return false
	}
	for _, c := range n.Content {
		if !plain(c) {
			return false
		}
	}
	return true
}

// SetConfigJSON replaces object i's config with a form's JSON, written
// as block YAML in the order the form gave.
func SetConfigJSON(i int, config json.RawMessage) ObjectEdit {
	return func(d *moduleDoc) error {
		var n yaml.Node
		if err := yaml.Unmarshal(config, &n); err != nil || len(n.Content) == 0 {
			return engine.FieldError(fmt.Sprintf("objects[%d].config", i), "is not a JSON object")
		}
		block(n.Content[0])
		return SetConfig(i, nodeYAML(n.Content[0]))(d)
	}
}

// block clears JSON's styles: {} and [] become YAML blocks, and keys and
// strings are quoted only where YAML needs it.
func block(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		block(c)
	}
}
