package module

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine/learning"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// A site may keep a competency framework, such as a library competency
// index, in its content folder as FrameworkFile. Modules and objects name
// the competencies they develop by id (module.yaml's competencies:), and
// the admin area's reports group completions by them. Ids unknown to the
// framework are warnings, not errors: a module shared by a site with
// another framework still imports and runs, and the warning, with its
// file and line, tells the authors what reports will not group.

// FrameworkFile is the competency framework's name in the content folder.
const FrameworkFile = "competencies.yaml"

var competencyIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)

// LoadFramework reads the framework at path. A missing file is no
// framework (nil, no problems); a broken one is nil with problems naming
// its lines.
func LoadFramework(path string) (*learning.Framework, []Problem) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, []Problem{{File: path, Message: "cannot read the competency framework (" + cause(err) + ")"}}
	}
	doc, problem := parse(path, data)
	if problem != nil {
		return nil, []Problem{*problem}
	}
	d := &decoder{file: path}
	f := d.framework(doc)
	f.File = path
	sortProblems(d.problems)
	if hasErrors(d.problems) {
		return nil, d.problems
	}
	return f, d.problems
}

// frameworkNear finds the framework of the content folder a module folder
// is in: its parent, or, for an installed version
// (CONTENT/.versions/ID/VERSION), the content folder above.
func frameworkNear(moduleDir string) (*learning.Framework, []Problem) {
	abs, err := filepath.Abs(moduleDir)
	if err != nil {
		return nil, nil
	}
	root := filepath.Dir(abs)
	if filepath.Base(filepath.Dir(root)) == VersionsDir {
		root = filepath.Dir(filepath.Dir(root))
	}
	return LoadFramework(filepath.Join(root, FrameworkFile))
}

var frameworkFields = []string{"id", "title", "competencies"}
var competencyFields = []string{"id", "title", "description", "competencies"}

func (d *decoder) framework(n *yaml.Node) *learning.Framework {
	f := &learning.Framework{}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "%s must be a mapping (id: ..., title: ..., competencies: [...]), not a %s", FrameworkFile, kindName(n))
		return f
	}
	firstLine := map[string]int{}
	seen := d.fields(n, "", frameworkFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			f.ID, _ = d.text(v, key, false)
		case "title":
			f.Title, _ = d.text(v, key, false)
		case "competencies":
			f.Competencies = d.competencyList(v, key, 0, firstLine)
		}
	})
	d.require(n, "", seen, map[string]string{"title": "give the framework a title", "competencies": "list the framework's competencies"})
	return f
}

func (d *decoder) competencyList(n *yaml.Node, field string, depth int, firstLine map[string]int) []*learning.Competency {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, field, "must be a list of competencies (- id: ..., title: ...), not a %s", kindName(n))
		return nil
	}
	var out []*learning.Competency
	for i, item := range n.Content {
		item, prefix := resolve(item), fmt.Sprintf("%s[%d]", field, i)
		if item.Kind != yaml.MappingNode {
			d.errorf(item, prefix, "must be a mapping (id: ..., title: ...), not a %s", kindName(item))
			continue
		}
		c := &learning.Competency{Depth: depth}
		seen := d.fields(item, prefix+".", competencyFields, func(key string, k, v *yaml.Node) {
			switch key {
			case "id":
				c.ID = d.matching(v, prefix+".id", competencyIDRe, "lowercase letters, digits, dots, dashes and underscores such as reference.interview")
				if line, dup := firstLine[c.ID]; dup && c.ID != "" {
					d.errorf(v, prefix+".id", "competency id %q is already used on line %d", c.ID, line)
				} else if c.ID != "" {
					firstLine[c.ID] = v.Line
				}
			case "title":
				c.Title, _ = d.text(v, prefix+".title", false)
			case "description":
				c.Description, _ = d.text(v, prefix+".description", true)
			case "competencies":
				c.Children = d.competencyList(v, prefix+".competencies", depth+1, firstLine)
			}
		})
		d.require(item, prefix+".", seen, map[string]string{"id": "give the competency an id such as reference.interview", "title": "give the competency a title"})
		out = append(out, c)
	}
	return out
}

// competencies decodes a module's or an object's competencies: a list of
// ids, each warned about when the framework lacks it.
func (d *decoder) competencies(n *yaml.Node, field string) []string {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, field, "must be a list of competency ids such as [reference.interview], not a %s", kindName(n))
		return nil
	}
	var out []string
	for i, item := range n.Content {
		item, at := resolve(item), fmt.Sprintf("%s[%d]", field, i)
		id, ok := d.text(item, at, false)
		id = strings.TrimSpace(id)
		switch {
		case !ok:
			continue
		case !competencyIDRe.MatchString(id):
			d.errorf(item, at, "%s is not a competency id: lowercase letters, digits, dots, dashes and underscores such as reference.interview", quote(id))
		case d.fw == nil:
			out = append(out, id) // no framework to check against
		case d.fw.Find(id) == nil:
			d.warnf(item, at, "%s is not in the site's competency framework (%s in the content folder), so reports will not group this module under it%s", quote(id), FrameworkFile, suggestion(id, d.fw.IDs()))
			out = append(out, id)
		default:
			out = append(out, id)
		}
	}
	return out
}

func suggestion(id string, known []string) string {
	if best := sdkconfig.Suggest(id, known); best != "" {
		return fmt.Sprintf("; did you mean %s?", best)
	}
	return ""
}
