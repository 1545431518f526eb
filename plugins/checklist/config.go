package checklist

import (
	"encoding/json"
	"fmt"
)

// defaultMaxLength is max_length when an author leaves it out; at most
// 20000 (its tag): a reflection, not an essay, which keeps state small.
const defaultMaxLength = 2000

// config is an object's configuration. Its tags give both the JSON Schema
// Describe publishes (sdkconfig.Schema) and Validate's checks; Validate
// adds what tags cannot say (validate.go).
type config struct {
	Intro      string      `json:"intro,omitempty" config:"markdown" doc:"Markdown shown above the list."`
	Items      []item      `json:"items" config:"required,min=1" msg:"a checklist needs at least one item under items"`
	Reflection *reflection `json:"reflection,omitempty" doc:"A short note the learner writes."`
}

// item is one thing to do. Required is a pointer so that leaving it out
// means true.
type item struct {
	ID          string `json:"id" config:"required" pattern:"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$" missing:"each item needs an id (such as \"visit-branch\"), which keeps learners' ticks when items are reordered" msg:"id %v may use only letters, digits, - and _ (at most 64, starting with a letter or digit)" doc:"Unique within the checklist; keeps learners' ticks when items are reordered."`
	Text        string `json:"text" config:"required" msg:"each item needs text: the label the learner ticks" doc:"The label the learner ticks."`
	Description string `json:"description,omitempty" config:"markdown" doc:"Markdown with more detail, read out with the checkbox."`
	Link        *link  `json:"link,omitempty"`
	Required    *bool  `json:"required,omitempty" default:"true"`
}

// IsRequired reports whether the item counts toward completion.
func (it item) IsRequired() bool { return it.Required == nil || *it.Required }

// link points at a resource that helps with an item.
type link struct {
	URL  string `json:"url" config:"required" msg:"a link needs a url: https://... or a file in the module's media folder" doc:"https://..., mailto:, or a file in the module's media folder."`
	Text string `json:"text" config:"required" msg:"a link needs text that says where it goes, such as \"Branch procedures (PDF)\"" doc:"Says where the link goes."`
}

// reflection asks the learner for a short note.
type reflection struct {
	Prompt    string `json:"prompt" config:"required" msg:"a reflection needs a prompt: the question the learner answers"`
	Required  bool   `json:"required,omitempty" default:"false"`
	MaxLength int    `json:"max_length,omitempty" config:"min=1,max=20000" default:"2000" msg:"max_length must be between 1 and 20000 characters, not %v"`
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
