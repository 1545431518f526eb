// Package quiz is Lode's quiz content type: single-choice, multiple-response,
// true/false and fill-in questions, graded on the server, with attempts,
// feedback and xAPI interaction statements a reporting tool can analyse.
//
// The package is a library so tests can drive it directly; the plugin
// binary is cmd/lode-content-quiz.
package quiz

import (
	"context"
	"embed"
	"html/template"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

const cssAsset = "quiz.css"

var (
	//go:embed assets
	assetFS embed.FS
	//go:embed templates/*.tmpl
	templateFS embed.FS
)

// assets are the files a quiz fragment needs, served by the engine.
var assets = sdk.EmbeddedAssets{FS: assetFS, Dir: "assets", List: []sdk.AssetInfo{
	{Name: cssAsset, ContentType: "text/css; charset=utf-8"},
}}

// Quiz implements sdk.ContentType. It keeps no learner data: everything a
// learner did travels in the state the engine stores.
type Quiz struct {
	templates *template.Template
}

var _ sdk.ContentType = (*Quiz)(nil)

// New returns the quiz content type, with its templates parsed once.
func New() sdk.ContentType {
	return &Quiz{templates: template.Must(template.ParseFS(templateFS, "templates/*.tmpl"))}
}

// Describe tells the engine what the quiz is and ships its config schema.
func (q *Quiz) Describe(ctx context.Context) (*sdk.Description, error) {
	return &sdk.Description{
		Name:            "quiz",
		Title:           "Quiz",
		Version:         "1.0.0",
		ProtocolVersion: sdk.ProtocolVersion,
		ConfigSchema:    sdkconfig.Schema(configFile{}),
		ActivityType:    sdk.ActivityAssessment,
		Capabilities:    sdk.Capabilities{Scored: true, Completable: true, KeepsState: true},
		Assets:          assets.List,
	}, nil
}

// Validate returns every problem in a quiz configuration, each with the
// JSON pointer of the field at fault.
func (q *Quiz) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	_, problems := parseConfig(req.Config)
	return &sdk.ValidateResponse{Problems: problems}, nil
}

// Asset returns quiz.css; any other name is an *sdk.InvalidError.
func (q *Quiz) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	return assets.Asset(name)
}
