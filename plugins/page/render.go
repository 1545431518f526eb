package page

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

//go:embed page.html
var pageHTML string

// view is what page.html shows.
type view struct {
	ID        string
	Body      template.HTML
	Minutes   int // reading time rounded up; 0 hides it
	Completed bool
	M         *messages
}

// Render returns the page's Markdown as HTML, followed by a "Mark as read"
// button, or a note that the learner has read it.
func (p *Page) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	c, err := parseConfig(req.Object.Config)
	if err != nil {
		return nil, err
	}
	st, err := decodeState(req.State)
	if err != nil {
		return nil, err
	}
	v := view{
		ID:        req.Object.ID,
		Body:      sdkhtml.Markdown(c.Body, req.Object.MediaBaseURL),
		Completed: st.Completed,
		M:         messagesFor(req.Locale),
	}
	if c.EstimatedMinutes != nil {
		v.Minutes = int(math.Ceil(*c.EstimatedMinutes))
	}
	var b strings.Builder
	if err := p.tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("page: render %s: %w", req.Object.ID, err)
	}
	return &sdk.RenderResponse{HTML: b.String(), Assets: []string{"page.css"}}, nil
}

// state is a learner's state for one page.
type state struct {
	Completed bool `json:"completed"`
}

// decodeState reads the state Handle stored; nil means not yet started.
func decodeState(raw json.RawMessage) (state, error) {
	var st state
	if len(raw) == 0 || string(raw) == "null" {
		return st, nil
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, fmt.Errorf("page: stored state: %w", err)
	}
	return st, nil
}
