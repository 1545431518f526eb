package module

import (
	"github.com/lode-elearning/lode/engine/spdx"
	"gopkg.in/yaml.v3"
)

// license returns the license field: an SPDX expression whose ids are all
// on the SPDX list, spelt as the list spells them. A misspelt id would
// travel in every export and statement, where nobody could look it up.
func (d *decoder) license(n *yaml.Node, field string) string {
	s := d.matching(n, field, licenseRe, "an SPDX license id such as CC-BY-4.0")
	if s == "" {
		return ""
	}
	canonical, err := spdx.Check(s)
	if err != nil {
		d.errorf(n, field, "%v", err)
		return ""
	}
	return canonical
}
