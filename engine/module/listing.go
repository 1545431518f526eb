package module

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/engine/learning"
	"gopkg.in/yaml.v3"
)

// The module.yaml fields the catalog shows: topics, estimated_minutes,
// cover with cover_alt, and attribution. All are optional.

const (
	maxTopics      = 12
	maxTopicLength = 40 // a label on a card, not a sentence
)

// coverKinds are the image file types a cover may be, by extension: what
// every browser shows in an <img>.
var coverKinds = []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}

// topics returns a list of short labels, unique regardless of case and
// accents ("Privacy" and "privacy" would be one filter).
func (d *decoder) topics(n *yaml.Node, field string) []string {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, field, "must be a list of short topics such as [privacy, reference], not a %s", kindName(n))
		return nil
	}
	if len(n.Content) > maxTopics {
		d.errorf(n, field, "has %d topics; at most %d keep the catalog's filter usable", len(n.Content), maxTopics)
	}
	var out []string
	firstLine := map[string]int{}
	for i, item := range n.Content {
		item, at := resolve(item), fmt.Sprintf("%s[%d]", field, i)
		t, ok := d.text(item, at, false)
		t = strings.TrimSpace(t)
		switch {
		case !ok:
			continue
		case t == "" || strings.ContainsAny(t, "\n\r"):
			d.errorf(item, at, "must be a short label on one line, got %s", quote(t))
		case len([]rune(t)) > maxTopicLength:
			d.errorf(item, at, "is %d characters long; keep topics to %d or fewer", len([]rune(t)), maxTopicLength)
		case firstLine[fold(t)] > 0:
			d.errorf(item, at, "topic %q is already listed on line %d", t, firstLine[fold(t)])
		default:
			firstLine[fold(t)] = item.Line
			out = append(out, t)
		}
	}
	return out
}

// minutes returns estimated_minutes: a whole number of minutes, 1 or more.
func (d *decoder) minutes(n *yaml.Node, field string) int {
	m, ok := positiveInt(n)
	if !ok {
		d.errorf(n, field, "must be a whole number of minutes, 1 or more, such as 20; got %s", describe(n))
	}
	return m
}

// cover returns the cover's path in the module folder: an image file that
// is there. A missing file is reported with the file most likely meant.
func (d *decoder) cover(n *yaml.Node, field string) string {
	ref, ok := d.text(n, field, false)
	if !ok {
		return ""
	}
	rel, exists := moduleFile(d.root, ref)
	switch {
	case rel == "":
		d.errorf(n, field, "must be an image file in the module folder such as images/cover.png, got %s", quote(ref))
	case !isCoverKind(rel):
		d.errorf(n, field, "must be an image (%s), got %s", strings.Join(coverKinds, ", "), quote(ref))
	case !exists:
		d.missingCover(n, ref, rel)
	default:
		return rel
	}
	return ""
}

func isCoverKind(rel string) bool {
	return slices.Contains(coverKinds, strings.ToLower(path.Ext(rel)))
}

// coverAlt returns the cover's text alternative. Empty text is allowed,
// and marks the cover as decoration (alt=""), but only written as "": a
// left-out value (cover_alt:) is more likely forgotten than meant.
func (d *decoder) coverAlt(n *yaml.Node, field string) string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		d.errorf(n, field, `describe the cover for people who cannot see it, or write cover_alt: "" if it is only decoration`)
		return ""
	}
	s, _ := d.text(n, field, true)
	return strings.TrimSpace(s)
}

// listing finishes the catalog fields once the whole mapping n is read:
// a cover needs cover_alt (and cover_alt a cover), and a module without
// estimated_minutes takes the sum of its objects' estimates.
func (d *decoder) listing(n *yaml.Node, seen map[string]bool, m *learning.Module) {
	switch {
	case seen["cover"] && !seen["cover_alt"]:
		d.errorf(keyNode(n, "cover"), "cover_alt", `missing; describe the cover for people who cannot see it, or write cover_alt: "" if it is only decoration`)
	case seen["cover_alt"] && !seen["cover"]:
		d.errorf(keyNode(n, "cover_alt"), "cover_alt", "there is no cover to describe; add cover: images/cover.png or remove cover_alt")
	}
	if !seen["estimated_minutes"] {
		m.EstimatedMinutes = objectMinutes(m.Objects)
	}
}

// objectMinutes sums the objects' config.estimated_minutes, where given:
// 0 when none gives one. Each content type checks its own config, so a
// value that is not a positive number is left out rather than reported.
func objectMinutes(objs []learning.Object) int {
	total := 0
	for _, o := range objs {
		var c struct {
			Minutes *float64 `json:"estimated_minutes"`
		}
		if json.Unmarshal(o.Config, &c) == nil && c.Minutes != nil && *c.Minutes > 0 {
			total += int(*c.Minutes + 0.5)
		}
	}
	return total
}

// keyNode returns the key node of a mapping's key, or the mapping itself.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return n
}
