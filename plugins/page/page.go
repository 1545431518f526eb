// Package page is the "page" content type: a page of author Markdown
// (images, links, tables, callouts) that the learner marks as read.
package page

import (
	"context"
	"embed"
	"fmt"
	"html/template"

	"github.com/lode-elearning/lode/sdk"
)

var (
	//go:embed schema.json
	schema []byte
	//go:embed assets
	assetFS embed.FS
)

// assets are the files a page fragment needs, served by the engine.
var assets = []sdk.AssetInfo{{Name: "page.css", ContentType: "text/css"}}

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
		ConfigSchema:    schema,
		ActivityType:    sdk.ActivityLesson,
		Capabilities:    sdk.Capabilities{Completable: true, KeepsState: true},
		Assets:          assets,
	}, nil
}

// Asset returns one of the files in Description.Assets, or an error for a
// name the page does not ship.
func (p *Page) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	for _, a := range assets {
		if a.Name == name {
			data, err := assetFS.ReadFile("assets/" + name)
			if err != nil {
				return nil, fmt.Errorf("page: asset %q: %w", name, err)
			}
			return &sdk.Asset{Name: name, ContentType: a.ContentType, Data: data}, nil
		}
	}
	return nil, fmt.Errorf("page: no asset named %q", name)
}
