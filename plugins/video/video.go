// Package video is the "video" content type: a captioned HTML5 video with a
// transcript, tracked with the xAPI video profile (https://w3id.org/xapi/video).
//
// The browser script (assets/video.js) records which parts of the video the
// learner played and reports them in a few coarse events; Handle merges them
// into the learner's state and turns them into played, paused, seeked and
// completed statements. Progress is the share of the video actually watched,
// not how far the playhead got, so skipping to the end completes nothing.
package video

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
	//go:embed video.html
	videoHTML string
)

// assets are the files a video fragment needs, served by the engine.
var assets = sdk.EmbeddedAssets{FS: assetFS, Dir: "assets", List: []sdk.AssetInfo{
	{Name: "video.css", ContentType: "text/css"},
	{Name: "video.js", ContentType: "text/javascript"},
}}

// Video implements sdk.ContentType. It keeps no per-learner data; it is safe
// for concurrent use.
type Video struct {
	tmpl *template.Template
}

var _ sdk.ContentType = (*Video)(nil)

// New returns the video content type with its template parsed.
func New() sdk.ContentType {
	return &Video{tmpl: template.Must(template.New("video").Parse(videoHTML))}
}

// Describe says what a video is: a completable activity that remembers what
// the learner watched and where they stopped.
func (v *Video) Describe(ctx context.Context) (*sdk.Description, error) {
	return &sdk.Description{
		Name:            "video",
		Title:           "Video",
		Version:         "1.0.0",
		ProtocolVersion: sdk.ProtocolVersion,
		ConfigSchema:    sdkconfig.Schema(config{}),
		ActivityType:    sdk.ActivityVideo,
		Capabilities:    sdk.Capabilities{Completable: true, KeepsState: true},
		Assets:          assets.List,
		Profiles:        []string{"https://w3id.org/xapi/video"},
	}, nil
}

// Asset returns one of the files in Description.Assets; any other name is
// an *sdk.InvalidError.
func (v *Video) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	return assets.Asset(name)
}
