package page

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// config is an object's configuration. Its tags give both the JSON Schema
// Describe publishes (sdkconfig.Schema) and Validate's checks, in the
// words authors have read since before the schema was derived.
type config struct {
	Body string `json:"body" config:"required,markdown" msg:"a page needs a body: the Markdown text the learner reads" doc:"The page as Markdown: headings (start at ##), images and links relative to the module's media folder, GFM tables, and callouts such as > [!NOTE]. Raw HTML is dropped."`
	// EstimatedMinutes is nil when left out: no reading time is shown.
	EstimatedMinutes *float64 `json:"estimated_minutes,omitempty" config:"above=0" msg:"estimated_minutes must be more than 0 (it is shown as the reading time), not %v" doc:"Reading time shown to the learner, in minutes."`
}

// parseConfig decodes a configuration the engine has already validated.
func parseConfig(raw json.RawMessage) (*config, error) {
	var c config
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("page: configuration: %w", err)
	}
	return &c, nil
}

// Validate returns every problem in a page's configuration: the tags say
// them all.
func (p *Page) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var ch sdkconfig.Checker
	var c config
	ch.Typed(req.Config, &c)
	return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
}
