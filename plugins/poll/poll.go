// Package poll is the "poll" content type, made with
// `lode plugin new`: a one-question poll. The learner picks one option;
// the object is then complete, and an "answered" statement records the
// choice. Change it into your own content type step by step, keeping its
// tests green (see README.md).
package poll

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

var (
	//go:embed assets
	assetFS embed.FS
	//go:embed poll.html
	pageHTML string
)

// assets are the files a fragment may use; Lode serves them itself.
var assets = sdk.EmbeddedAssets{FS: assetFS, Dir: "assets", List: []sdk.AssetInfo{
	{Name: "poll.css", ContentType: "text/css"},
}}

// config is an object's configuration, as module.yaml writes it; its tags
// give both the JSON Schema Describe publishes and Validate's checks.
// Version 1 called Choices "options"; see upgrade.go.
type config struct {
	Question string   `json:"question" config:"required"`
	Choices  []string `json:"choices" config:"required,min=2"`
}

// state is what Lode stores for one learner between interactions. Version
// 1 called Picked "choice"; see upgrade.go.
type state struct {
	Picked *int `json:"picked,omitempty"`
}

// Type implements sdk.ContentType. It keeps no per-learner data, so it is
// safe for concurrent use.
type Type struct {
	tmpl *template.Template
}

var _ sdk.ContentType = (*Type)(nil)

// New returns the content type with its template parsed.
func New() sdk.ContentType {
	return &Type{tmpl: template.Must(template.New("poll").Parse(pageHTML))}
}

// Describe says what the content type is; Lode calls it once at start.
func (t *Type) Describe(ctx context.Context) (*sdk.Description, error) {
	return &sdk.Description{
		Name:            "poll",
		Title:           "Poll",
		Version:         "2.0.0", // 2: options became choices (upgrade.go)
		ProtocolVersion: sdk.ProtocolVersion,
		ConfigSchema:    sdkconfig.Schema(config{}),
		ActivityType:    sdk.ActivityInteraction,
		Capabilities:    sdk.Capabilities{Completable: true, KeepsState: true},
		Assets:          assets.List,
	}, nil
}

// Validate reports every problem in a configuration, each at its JSON
// pointer, in words a content author understands.
func (t *Type) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var ch sdkconfig.Checker
	var cfg config
	ch.Typed(req.Config, &cfg) // the tags say it all; add rules they cannot here
	return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
}

// view is what the template shows.
type view struct {
	ID, Question, Answer string
	Options              []option
}

type option struct {
	Value, Text string
	Checked     bool
}

// Render shows the question as a form of radio buttons. The form works
// without JavaScript (it posts to the object's page) and, with Lode's
// script, is sent as an "answer" event without reloading the page.
func (t *Type) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	cfg, st, err := decode(req.Object.Config, req.State)
	if err != nil {
		return nil, err
	}
	v := view{ID: req.Object.ID, Question: cfg.Question}
	for i, text := range cfg.Choices {
		checked := st.Picked != nil && *st.Picked == i
		if checked {
			v.Answer = text
		}
		v.Options = append(v.Options, option{Value: strconv.Itoa(i), Text: text, Checked: checked})
	}
	var b strings.Builder
	if err := t.tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("poll: render %s: %w", req.Object.ID, err)
	}
	return &sdk.RenderResponse{HTML: b.String(), Assets: []string{"poll.css"}}, nil
}

// Handle applies an "answer" event: the form's fields, {"choice": ["1"]}.
// A choice that is not one of the options is the learner's (or a crafted
// request's) mistake: an *sdk.InvalidError, which Lode shows as a 400.
func (t *Type) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	if req.Event.Type != "answer" {
		return nil, sdk.Invalidf("unknown event %q; the poll content type takes \"answer\"", req.Event.Type)
	}
	cfg, _, err := decode(req.Object.Config, nil)
	if err != nil {
		return nil, err
	}
	fields, err := req.Event.Fields()
	if err != nil {
		return nil, sdk.Invalidf("%v", err)
	}
	choice, err := strconv.Atoi(fields.Get("choice"))
	if err != nil || choice < 0 || choice >= len(cfg.Choices) {
		return nil, sdk.Invalidf("choice: choose one of the %d choices", len(cfg.Choices))
	}
	newState, err := json.Marshal(state{Picked: &choice})
	if err != nil {
		return nil, err
	}
	result := &sdk.Result{Completion: sdk.Bool(true), Response: cfg.Choices[choice]}
	return &sdk.HandleResponse{
		State:        newState,
		Result:       result,
		FeedbackHTML: "Thank you: your answer is saved.",
		Statements:   []sdk.StatementDraft{{Verb: sdk.VerbAnswered, Result: result}},
	}, nil
}

// Asset returns one of the files in Description.Assets.
func (t *Type) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	return assets.Asset(name)
}

// decode reads a configuration Validate has accepted and a learner's state.
func decode(rawConfig, rawState json.RawMessage) (config, state, error) {
	var cfg config
	var st state
	if err := json.Unmarshal(rawConfig, &cfg); err != nil {
		return cfg, st, fmt.Errorf("poll: config: %w", err)
	}
	if len(rawState) > 0 {
		if err := json.Unmarshal(rawState, &st); err != nil {
			return cfg, st, fmt.Errorf("poll: state: %w", err)
		}
	}
	return cfg, st, nil
}
