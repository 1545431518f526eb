package module

import (
	"math"
	"regexp"

	"gopkg.in/yaml.v3"
)

// text returns the text of a scalar field. Any scalar will do (title: 2024
// means the text "2024"), and !file inlines a file; null, lists and
// mappings are problems. Empty text is a problem unless optional.
func (d *decoder) text(n *yaml.Node, field string, optional bool) (string, bool) {
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() == fileTag:
		return d.inline(n, field)
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null":
		if optional {
			return "", true
		}
		d.errorf(n, field, "must not be empty")
		return "", false
	case n.Kind != yaml.ScalarNode:
		d.errorf(n, field, "must be text, not a %s", kindName(n))
		return "", false
	case n.Value == "" && !optional:
		d.errorf(n, field, "must not be empty")
		return "", false
	}
	return n.Value, true
}

// matching returns a field's text if it matches re; what describes re for
// the author, with an example.
func (d *decoder) matching(n *yaml.Node, field string, re *regexp.Regexp, what string) string {
	s, ok := d.text(n, field, false)
	if ok && !re.MatchString(s) {
		d.errorf(n, field, "must be %s, got %s", what, quote(s))
		return ""
	}
	return s
}

// hours returns ce_hours: a number of 0 or more. Quoted numbers are refused
// like any other text so that every module is written the same way.
func (d *decoder) hours(n *yaml.Node, field string) float64 {
	var f float64
	tag := n.ShortTag()
	switch {
	case n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || n.Decode(&f) != nil:
		d.errorf(n, field, "must be a number of hours such as 1.5, got %s", describe(n))
	case math.IsNaN(f) || math.IsInf(f, 0) || f < 0:
		d.errorf(n, field, "must be 0 or more, got %s", n.Value)
	default:
		return f
	}
	return 0
}

// boolean returns a true/false field.
func (d *decoder) boolean(n *yaml.Node, field string) bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		d.errorf(n, field, "must be true or false, got %s", describe(n))
	}
	return b
}

// describe shows a node in a "got ..." clause.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return quote(n.Value)
	}
	return "a " + kindName(n)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	}
	return "YAML node"
}

var (
	// Ids become URL segments, xAPI activity IRIs and database keys: keep
	// them short, lowercase and free of anything that needs escaping.
	moduleIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	objectIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	// semverRe is the expression semver.org recommends.
	semverRe = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
		`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
	// languageRe checks that a tag is well formed BCP 47 (language, then
	// subtags), not that every subtag is registered.
	languageRe = regexp.MustCompile(`^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$`)
	// licenseRe checks the shape of an SPDX license expression (ids joined
	// by AND, OR, WITH); it does not hold the SPDX list, so a misspelt id
	// passes.
	licenseRe = regexp.MustCompile(`^\(*(?:LicenseRef-)?[A-Za-z0-9.-]+\+?\)*(?: (?:AND|OR|WITH) \(*(?:LicenseRef-)?[A-Za-z0-9.-]+\+?\)*)*$`)
)
