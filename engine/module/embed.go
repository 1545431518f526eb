package module

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine/learning"
)

// embedOrigins decodes embed_origins: a list of the sites allowed to show
// the module in a frame, each checked as the server's embed_origins are.
func (d *decoder) embedOrigins(n *yaml.Node, field string) []string {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, field, "must be a list of origins such as [https://library.example], not a %s", kindName(n))
		return nil
	}
	var out []string
	for i, item := range n.Content {
		f := fmt.Sprintf("%s[%d]", field, i)
		o, ok := d.text(item, f, false)
		if !ok {
			continue
		}
		if err := learning.CheckEmbedOrigin(o); err != nil {
			d.errorf(item, f, "%v", err)
			continue
		}
		out = append(out, o)
	}
	return out
}
