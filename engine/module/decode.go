package module

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// decoder turns the node tree of one module.yaml into an learning.Module. It
// collects every problem instead of stopping at the first, so that an author
// can fix a file in one pass, and it works on yaml.Node rather than
// unmarshalling into a struct because every problem needs a line.
type decoder struct {
	file     string              // module.yaml as named in problems
	root     *os.Root            // the module folder: !file may not leave it
	fw       *learning.Framework // the site's competency framework; nil: ids are not checked
	problems []Problem
}

func (d *decoder) errorf(n *yaml.Node, field, format string, args ...any) {
	d.problems = append(d.problems, Problem{
		File: d.file, Line: n.Line, Column: n.Column, Field: field,
		Message: fmt.Sprintf(format, args...),
	})
}

func (d *decoder) warnf(n *yaml.Node, field, format string, args ...any) {
	d.errorf(n, field, format, args...)
	d.problems[len(d.problems)-1].Warning = true
}

// fields calls set for every key of the mapping n, in order. Keys not in
// known are reported with a suggestion, because a silently ignored typo
// ("tittle", "requried: false") changes what learners get. Keys written
// twice are reported because YAML keeps only one of them. It returns the
// keys seen, for required-field checks.
func (d *decoder) fields(n *yaml.Node, prefix string, known []string, set func(key string, k, v *yaml.Node)) map[string]bool {
	seen := map[string]bool{}
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := prefix + k.Value
		switch {
		case lines[k.Value] > 0:
			d.errorf(k, field, "written twice (first on line %d); keep one", lines[k.Value])
		case !slices.Contains(known, k.Value):
			d.errorf(k, field, "%s", unknownField(k.Value, known))
		default:
			lines[k.Value] = k.Line
			seen[k.Value] = true
			set(k.Value, k, resolve(v))
		}
	}
	return seen
}

// require reports each key of want that is not in seen, at the mapping n.
func (d *decoder) require(n *yaml.Node, prefix string, seen map[string]bool, want map[string]string) {
	for _, key := range slices.Sorted(maps.Keys(want)) {
		if !seen[key] {
			d.errorf(n, prefix+key, "missing; %s", want[key])
		}
	}
}

// resolve follows an alias (*name) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// unknownField explains an unknown key, suggesting the known key it most
// likely misspells.
func unknownField(key string, known []string) string {
	if best := sdkconfig.Suggest(key, known); best != "" {
		return fmt.Sprintf("unknown field %q; did you mean %q?", key, best)
	}
	return fmt.Sprintf("unknown field %q; known fields are %s", key, strings.Join(known, ", "))
}
