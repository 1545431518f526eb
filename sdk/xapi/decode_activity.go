package xapi

import "encoding/json"

// interactionLists says which interaction component lists each
// interactionType supports (xAPI-Data 2.4.4.1, Interaction Components).
var interactionLists = map[string][]string{
	"true-false":   nil,
	"choice":       {"choices"},
	"fill-in":      nil,
	"long-fill-in": nil,
	"matching":     {"source", "target"},
	"performance":  {"steps"},
	"sequencing":   {"choices"},
	"likert":       {"scale"},
	"numeric":      nil,
	"other":        nil,
}

var componentLists = []string{"choices", "scale", "source", "target", "steps"}

// activity reads an Activity, as a statement's object or a context
// activity.
func (d *decoder) activity(n *node, path propPath) (Object, error) {
	if err := d.kind(n, path, kindObject); err != nil {
		return Object{}, err
	}
	var o Object
	var hasType bool
	var err error
	if o.ObjectType, hasType, err = d.optStr(n, path, "objectType"); err != nil {
		return o, err
	}
	if hasType && o.ObjectType != "Activity" {
		return o, invalid(join(path, "objectType"), `must be "Activity", not %q`, o.ObjectType)
	}
	if err := d.object(n, path, "objectType", "id", "definition"); err != nil {
		return Object{}, err
	}
	if err := d.require(n, path, "id"); err != nil {
		return o, err
	}
	if o.ID, err = d.iri(n, path, "id"); err != nil {
		return o, err
	}
	if def := n.get("definition"); def != nil {
		if o.Definition, err = d.definition(def, path.at("definition")); err != nil {
			return o, err
		}
	}
	return o, nil
}

func (d *decoder) definition(n *node, path propPath) (*ActivityDefinition, error) {
	err := d.object(n, path, "name", "description", "type", "moreInfo", "interactionType",
		"correctResponsesPattern", "choices", "scale", "source", "target", "steps", "extensions")
	if err != nil {
		return nil, err
	}
	var def ActivityDefinition
	if def.Name, err = d.langMap(n, path, "name"); err != nil {
		return nil, err
	}
	if def.Description, err = d.langMap(n, path, "description"); err != nil {
		return nil, err
	}
	if def.Type, err = d.iri(n, path, "type"); err != nil {
		return nil, err
	}
	if def.MoreInfo, err = d.iri(n, path, "moreInfo"); err != nil {
		return nil, err
	}
	if def.Extensions, err = d.extensions(n, path); err != nil {
		return nil, err
	}
	if err := d.interaction(n, path, &def); err != nil {
		return nil, err
	}
	return &def, nil
}

// interaction reads the interaction properties of a definition: an
// interactionType from the list, required by any of the others, and only
// the component lists that type supports.
func (d *decoder) interaction(n *node, path propPath, def *ActivityDefinition) error {
	var err error
	if def.InteractionType, err = d.str(n, path, "interactionType"); err != nil {
		return err
	}
	hasType := n.get("interactionType") != nil
	lists, known := interactionLists[def.InteractionType]
	if hasType && !known {
		return invalid(join(path, "interactionType"), "%q is not an interaction type (true-false, choice, fill-in, long-fill-in, matching, performance, sequencing, likert, numeric, other)", def.InteractionType)
	}
	if crp := n.get("correctResponsesPattern"); crp != nil {
		if !hasType {
			return invalid(join(path, "interactionType"), "is required when correctResponsesPattern is used")
		}
		p := path.at("correctResponsesPattern")
		if err := d.kind(crp, p, kindArray); err != nil {
			return err
		}
		def.CorrectResponsesPattern = make([]string, len(crp.arr))
		for i, el := range crp.arr {
			if err := d.kind(el, p.elem(i), kindString); err != nil {
				return err
			}
			def.CorrectResponsesPattern[i] = el.s
		}
	}
	for _, name := range componentLists {
		m := n.get(name)
		if m == nil {
			continue
		}
		if !hasType {
			return invalid(join(path, "interactionType"), "is required when %s is used", name)
		}
		if !contains(lists, name) {
			return invalid(join(path, name), "is not used by the interaction type %q", def.InteractionType)
		}
		raw, err := d.components(m, path.at(name))
		if err != nil {
			return err
		}
		switch name {
		case "choices":
			def.Choices = raw
		case "scale":
			def.Scale = raw
		case "source":
			def.Source = raw
		case "target":
			def.Target = raw
		case "steps":
			def.Steps = raw
		}
	}
	return nil
}

// components checks an interaction component list and returns it as
// JSON: an array of {id, description}, ids distinct. The JSON is what
// json.Marshal writes for the list as []InteractionComponent, written
// from the tree without building the list (componentsJSON).
func (d *decoder) components(n *node, path propPath) (json.RawMessage, error) {
	if err := d.kind(n, path, kindArray); err != nil {
		return nil, err
	}
	descs := make([]*node, len(n.arr))
	seen := componentIDs{}
	for i, el := range n.arr {
		p := path.elem(i)
		if err := d.object(el, p, "id", "description"); err != nil {
			return nil, err
		}
		if err := d.require(el, p, "id"); err != nil {
			return nil, err
		}
		id, err := d.str(el, p, "id")
		if err != nil {
			return nil, err
		}
		if seen.add(n.arr[:i], id) {
			return nil, invalid(join(p, "id"), "%q is used by another component of the list", id)
		}
		if descs[i], err = d.langMapNode(el, p, "description"); err != nil {
			return nil, err
		}
	}
	return d.wrote(componentsJSON(n, descs)), nil
}

// componentIDs finds a repeated component id: by comparing it with the
// ids before it in a short list (a question's few choices, no map to
// build), through a map in a long one.
type componentIDs struct{ m map[string]bool }

// add reports whether id is the id of one of prev, the checked components
// before it, and records it.
func (c *componentIDs) add(prev []*node, id string) bool {
	if len(prev) < smallObject {
		for _, el := range prev {
			if el.get("id").s == id {
				return true
			}
		}
		return false
	}
	if c.m == nil {
		c.m = make(map[string]bool, 2*len(prev))
		for _, el := range prev {
			c.m[el.get("id").s] = true
		}
	}
	if c.m[id] {
		return true
	}
	c.m[id] = true
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
