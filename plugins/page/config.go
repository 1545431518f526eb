package page

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// config is an object's configuration; schema.json describes the same shape
// for authoring tools.
type config struct {
	Body             string   `json:"body"`
	EstimatedMinutes *float64 `json:"estimated_minutes,omitempty"`
}

// fields maps each setting to where it is decoded, for Validate.
func (c *config) fields() sdkconfig.Fields {
	return sdkconfig.Fields{"body": &c.Body, "estimated_minutes": &c.EstimatedMinutes}
}

// parseConfig decodes a configuration the engine has already validated.
func parseConfig(raw json.RawMessage) (*config, error) {
	var c config
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("page: configuration: %w", err)
	}
	return &c, nil
}

// Validate returns every problem in a page's configuration.
func (p *Page) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var ch sdkconfig.Checker
	var c config
	if ch.Config(req.Config, c.fields()) {
		if strings.TrimSpace(c.Body) == "" && !ch.Has("/body") {
			ch.Addf("/body", "a page needs a body: the Markdown text the learner reads")
		}
		if m := c.EstimatedMinutes; m != nil && *m <= 0 && !ch.Has("/estimated_minutes") {
			ch.Addf("/estimated_minutes", "estimated_minutes must be more than 0 (it is shown as the reading time), not %g", *m)
		}
	}
	return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
}
