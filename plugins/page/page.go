// Package page is the "page" content type: a page of author Markdown
// (images, links, tables, callouts) that the learner marks as read.
package page

import (
	"context"
	"embed"
	"html/template"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

//go:embed assets
var assetFS embed.FS

// assets are the files a page fragment needs, served by the engine.
var assets = sdk.EmbeddedAssets{FS: assetFS, Dir: "assets", List: []sdk.AssetInfo{{Name: "page.css", ContentType: "text/css"}}}

// Page implements sdk.ContentType. It keeps no per-learner data; it is safe
// for concurrent use.
type Page struct {
	tmpl *template.Template
}

var _ sdk.ContentType = (*Page)(nil)

// New returns the page content type with its template parsed.
func New() sdk.ContentType {
	return &Page{tmpl: template.Must(template.New("page").Parse(pageHTML))}
}

// Describe says what a page is: a completable lesson that remembers whether
// the learner has read it.
func (p *Page) Describe(ctx context.Context) (*sdk.Description, error) {
	return &sdk.Description{
		Name:            "page",
		Title:           "Page",
		Version:         "1.0.0",
		ProtocolVersion: sdk.ProtocolVersion,
		ConfigSchema:    sdkconfig.Schema(config{}),
		ActivityType:    sdk.ActivityLesson,
		Capabilities:    sdk.Capabilities{Completable: true, KeepsState: true},
		Assets:          assets.List,
	}, nil
}

// Asset returns one of the files in Description.Assets; any other name is
// an *sdk.InvalidError.
func (p *Page) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	return assets.Asset(name)
}
