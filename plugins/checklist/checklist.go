// Package checklist is the "checklist" content type: things for the learner
// to do and tick off (visit a branch, read a policy), with an optional
// written reflection. It is complete when every required item is ticked and
// the reflection, if required, is written.
package checklist

import (
	"context"
	"embed"
	"html/template"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

var (
	//go:embed assets
	assetFS embed.FS
	//go:embed checklist.html
	checklistHTML string
)

// assets are the files a checklist fragment needs, served by the engine.
var assets = sdk.EmbeddedAssets{FS: assetFS, Dir: "assets", List: []sdk.AssetInfo{{Name: "checklist.css", ContentType: "text/css"}}}

// Checklist implements sdk.ContentType. It keeps no per-learner data; it is
// safe for concurrent use.
type Checklist struct {
	tmpl *template.Template
}

var _ sdk.ContentType = (*Checklist)(nil)

// New returns the checklist content type with its template parsed.
func New() sdk.ContentType {
	return &Checklist{tmpl: template.Must(template.New("checklist").Parse(checklistHTML))}
}

// Describe says what a checklist is: a completable activity that remembers
// what the learner ticked and wrote.
func (c *Checklist) Describe(ctx context.Context) (*sdk.Description, error) {
	return &sdk.Description{
		Name:            "checklist",
		Title:           "Checklist",
		Version:         "1.0.0",
		ProtocolVersion: sdk.ProtocolVersion,
		ConfigSchema:    sdkconfig.Schema(config{}),
		ActivityType:    sdk.ActivityChecklist,
		Capabilities:    sdk.Capabilities{Completable: true, KeepsState: true},
		Assets:          assets.List,
	}, nil
}

// Asset returns one of the files in Description.Assets; any other name is
// an *sdk.InvalidError.
func (c *Checklist) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	return assets.Asset(name)
}
