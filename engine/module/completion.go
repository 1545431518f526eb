package module

import (
	"fmt"
	"math"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine/learning"
)

// The completion rule in module.yaml, all of it optional:
//
//	completion:
//	  objects: required    # required (default) | none
//	  mastery:             # a least scaled score (0..1) on named scored objects
//	    - object: check
//	      min_score: 0.8
//
// Left out, a module is completed when every required object is
// satisfied, as before rules could be written.
var completionFields = []string{"objects", "mastery"}

var masteryFields = []string{"object", "min_score"}

var requiredMasteryFields = map[string]string{
	"object":    "name the scored object, such as a quiz, by its id",
	"min_score": "give the least scaled score, from 0 to 1, such as 0.8",
}

// completion decodes the completion rule at n (nil when left out) against
// the module's objects, which it names.
func (d *decoder) completion(n *yaml.Node, objects []learning.Object) learning.Completion {
	var c learning.Completion
	if n == nil {
		return c
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "completion", "must be a mapping (objects: ..., mastery: ...), not a %s", kindName(n))
		return c
	}
	d.fields(n, "completion.", completionFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "objects":
			c.SkipObjects = d.objectsRule(v)
		case "mastery":
			c.Mastery = d.masteryList(v, objects)
		}
	})
	if c.SkipObjects && len(c.Mastery) == 0 {
		d.errorf(n, "completion", "the rule asks for nothing: with objects: none, list at least one mastery score; or leave completion out to require the required objects")
	}
	return c
}

// objectsRule reports whether "objects: none" leaves required objects out.
func (d *decoder) objectsRule(n *yaml.Node) bool {
	switch s, _ := d.text(n, "completion.objects", false); s {
	case "required", "":
		return false
	case "none":
		return true
	default:
		d.errorf(n, "completion.objects", "must be required or none, got %s", quote(s))
		return false
	}
}

func (d *decoder) masteryList(n *yaml.Node, objects []learning.Object) []learning.Mastery {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "completion.mastery", "must be a list of {object: ..., min_score: ...}, not a %s", kindName(n))
		return nil
	}
	var out []learning.Mastery
	firstLine := map[string]int{}
	for i, item := range n.Content {
		prefix := fmt.Sprintf("completion.mastery[%d].", i)
		ms, idNode := d.mastery(resolve(item), prefix, objects)
		if ms.ObjectID == "" {
			continue
		}
		if line, dup := firstLine[ms.ObjectID]; dup {
			d.errorf(idNode, prefix+"object", "object %q already has a mastery score on line %d; keep one", ms.ObjectID, line)
			continue
		}
		firstLine[ms.ObjectID] = idNode.Line
		out = append(out, ms)
	}
	return out
}

// mastery decodes one mastery score; its ObjectID is "" when unusable.
func (d *decoder) mastery(n *yaml.Node, prefix string, objects []learning.Object) (learning.Mastery, *yaml.Node) {
	var ms learning.Mastery
	if n.Kind != yaml.MappingNode {
		d.errorf(n, prefix[:len(prefix)-1], "must be a mapping (object: ..., min_score: ...), not a %s", kindName(n))
		return ms, n
	}
	idNode, scoreOK := n, false
	seen := d.fields(n, prefix, masteryFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "object":
			idNode = v
			ms.ObjectID, _ = d.text(v, prefix+key, false)
			if ms.ObjectID != "" && !hasObject(objects, ms.ObjectID) {
				d.errorf(v, prefix+key, "there is no object %q in this module; name one of its objects' ids", ms.ObjectID)
				ms.ObjectID = ""
			}
		case "min_score":
			ms.MinScore, scoreOK = d.scaled(v, prefix+key)
		}
	})
	d.require(n, prefix, seen, requiredMasteryFields)
	if !scoreOK {
		ms.ObjectID = "" // reported: the module will not load
	}
	return ms, idNode
}

// scaled returns a scaled score: a number from 0 to 1.
func (d *decoder) scaled(n *yaml.Node, field string) (float64, bool) {
	var f float64
	tag := n.ShortTag()
	switch {
	case n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || n.Decode(&f) != nil:
		d.errorf(n, field, "must be a scaled score from 0 to 1 such as 0.8, got %s", describe(n))
	case math.IsNaN(f) || f < 0 || f > 1:
		d.errorf(n, field, "must be from 0 to 1 (0.8 is 80%%), got %s", n.Value)
	default:
		return f, true
	}
	return 0, false
}

func hasObject(objects []learning.Object, id string) bool {
	for _, o := range objects {
		if o.ID == id {
			return true
		}
	}
	return false
}
