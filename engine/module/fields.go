package module

import (
	"encoding/json"
	"fmt"

	"github.com/lode-elearning/lode/engine/learning"
	"gopkg.in/yaml.v3"
)

var moduleFields = []string{"id", "title", "description", "version", "ce_hours", "license", "language", "objects", "completion",
	"topics", "estimated_minutes", "cover", "cover_alt", "attribution", "sequencing", "embed_origins", "competencies"}

var requiredModuleFields = map[string]string{
	"id":      "give the module an id such as finding-health-info",
	"title":   "give the module a title",
	"version": "give the module a semantic version such as 1.0.0",
	"objects": "list the module's learning objects",
}

var objectFields = []string{"id", "type", "title", "required", "config", "type_version", "competencies"}

var requiredObjectFields = map[string]string{
	"id":    "give the object an id such as welcome, unique in this module",
	"type":  "name the object's content type, such as page or quiz",
	"title": "give the object a title",
}

// objectSource keeps where an object was written, so that problems the
// content type reports as JSON pointers into its config can be traced back
// to lines of module.yaml.
type objectSource struct {
	node      *yaml.Node // the object's mapping
	typeNode  *yaml.Node
	configKey *yaml.Node // nil when config was left out
	config    *yaml.Node
	checkable bool // type and config are usable: worth asking the content type
}

// module decodes the document's top-level mapping. It returns the module,
// where each object was written and the node of the module's id.
func (d *decoder) module(n *yaml.Node) (*learning.Module, []objectSource, *yaml.Node) {
	m := &learning.Module{Language: "en"}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "module.yaml must be a mapping of fields (id: ..., title: ..., objects: ...), not a %s", kindName(n))
		return m, nil, n
	}
	var srcs []objectSource
	idNode := n
	var completion *yaml.Node // decoded once the objects it names are known
	seen := d.fields(n, "", moduleFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			m.ID, idNode = d.matching(v, key, moduleIDRe, "lowercase letters, digits and dashes such as health-info"), v
		case "title":
			m.Title, _ = d.text(v, key, false)
		case "description":
			m.Description, _ = d.text(v, key, true)
		case "version":
			m.Version = d.matching(v, key, semverRe, "a semantic version such as 1.2.0")
		case "ce_hours":
			m.CEHours = d.hours(v, key)
		case "license":
			m.License = d.license(v, key)
		case "language":
			m.Language = d.matching(v, key, languageRe, "a BCP 47 language tag such as en or es-MX")
		case "objects":
			m.Objects, srcs = d.objects(v)
		case "completion":
			completion = v
		case "topics":
			m.Topics = d.topics(v, key)
		case "estimated_minutes":
			m.EstimatedMinutes = d.minutes(v, key)
		case "cover":
			m.Cover = d.cover(v, key)
		case "cover_alt":
			m.CoverAlt = d.coverAlt(v, key)
		case "attribution":
			m.Attribution, _ = d.text(v, key, true)
		case "sequencing":
			m.Sequencing = d.matching(v, key, sequencingRe, `"free" or "linear"`)
		case "embed_origins":
			m.EmbedOrigins = d.embedOrigins(v, key)
		case "competencies":
			m.Competencies = d.competencies(v, key)
		}
	})
	d.require(n, "", seen, requiredModuleFields)
	m.Completion = d.completion(completion, m.Objects)
	d.listing(n, seen, m)
	return m, srcs, idNode
}

// objects decodes the objects list, checking that object ids are unique.
func (d *decoder) objects(n *yaml.Node) ([]learning.Object, []objectSource) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "objects", "must be a list of objects, not a %s", kindName(n))
		return nil, nil
	}
	if len(n.Content) == 0 {
		d.errorf(n, "objects", "a module needs at least one object")
	}
	var objs []learning.Object
	var srcs []objectSource
	firstLine := map[string]int{}
	for i, item := range n.Content {
		prefix := fmt.Sprintf("objects[%d].", i)
		o, src, idNode := d.object(resolve(item), prefix)
		if line, dup := firstLine[o.ID]; dup && o.ID != "" {
			d.errorf(idNode, prefix+"id", "object id %q is already used on line %d; ids must be unique in a module", o.ID, line)
		} else if o.ID != "" {
			firstLine[o.ID] = idNode.Line
		}
		objs, srcs = append(objs, o), append(srcs, src)
	}
	return objs, srcs
}

// object decodes one item of the objects list. A left-out config is an
// empty mapping, so that content types always receive a JSON object.
func (d *decoder) object(n *yaml.Node, prefix string) (learning.Object, objectSource, *yaml.Node) {
	o := learning.Object{Required: true, Config: json.RawMessage("{}")}
	src := objectSource{node: n}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, prefix[:len(prefix)-1], "must be a mapping (id: ..., type: ..., title: ...), not a %s", kindName(n))
		return o, src, n
	}
	idNode := n
	configOK := true
	seen := d.fields(n, prefix, objectFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			o.ID, idNode = d.matching(v, prefix+key, objectIDRe, "lowercase letters, digits, dashes and underscores such as welcome"), v
		case "type":
			o.Type, _ = d.text(v, prefix+key, false)
			src.typeNode = v
		case "title":
			o.Title, _ = d.text(v, prefix+key, false)
		case "required":
			o.Required = d.boolean(v, prefix+key)
		case "config":
			src.configKey, src.config = k, v
			o.Config, configOK = d.toJSON(v, prefix+key)
		case "type_version":
			o.TypeVersion = d.typeVersion(v, prefix+key)
		case "competencies":
			o.Competencies = d.competencies(v, prefix+key)
		}
	})
	d.require(n, prefix, seen, requiredObjectFields)
	src.checkable = o.Type != "" && configOK
	return o, src, idNode
}

// typeVersion returns type_version: the major version of the content type
// the config was written for, a whole number from 1. The content type
// upgrades a config written for an older version (sdk.Upgrader) and reports
// one written for a newer version than its own.
func (d *decoder) typeVersion(n *yaml.Node, field string) int {
	v, ok := positiveInt(n)
	if !ok {
		d.errorf(n, field, "must be the major version of the content type the config was written for, such as 1; got %s", describe(n))
	}
	return v
}

// positiveInt reads a whole number, 1 or more; 0 and false otherwise.
func positiveInt(n *yaml.Node) (int, bool) {
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil || v < 1 {
		return 0, false
	}
	return v, true
}
