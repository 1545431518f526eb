package checklist

import (
	"encoding/json"
	"fmt"
)

// Defaults for settings an author may leave out.
const (
	defaultMaxLength = 2000
	maxMaxLength     = 20000 // a reflection, not an essay; keeps state small
)

// config is an object's configuration; schema.json describes the same shape
// for authoring tools.
type config struct {
	Intro      string      `json:"intro,omitempty"`
	Items      []item      `json:"items"`
	Reflection *reflection `json:"reflection,omitempty"`
}

// item is one thing to do. Required is a pointer so that leaving it out
// means true.
type item struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	Description string `json:"description,omitempty"`
	Link        *link  `json:"link,omitempty"`
	Required    *bool  `json:"required,omitempty"`
}

// IsRequired reports whether the item counts toward completion.
func (it item) IsRequired() bool { return it.Required == nil || *it.Required }

// link points at a resource that helps with an item.
type link struct {
	URL  string `json:"url"`
	Text string `json:"text"`
}

// reflection asks the learner for a short note.
type reflection struct {
	Prompt    string `json:"prompt"`
	Required  bool   `json:"required,omitempty"`
	MaxLength int    `json:"max_length,omitempty"`
}

// parseConfig decodes a configuration the engine has already validated and
// fills in defaults.
func parseConfig(raw json.RawMessage) (*config, error) {
	var c config
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("checklist: configuration: %w", err)
	}
	if c.Reflection != nil && c.Reflection.MaxLength == 0 {
		c.Reflection.MaxLength = defaultMaxLength
	}
	return &c, nil
}

// item returns the item with the given id.
func (c *config) item(id string) (item, bool) {
	for _, it := range c.Items {
		if it.ID == id {
			return it, true
		}
	}
	return item{}, false
}
