package video

import (
	"encoding/json"
	"fmt"
)

const (
	defaultThreshold = 0.9
	// maxLength bounds a video's length and every time a client sends, in
	// seconds. Nothing a library CE provider serves runs for a day; larger
	// values are client bugs or tampering. config.Length's tag says it too.
	maxLength = 24 * 60 * 60
)

// config is an object's configuration. Its tags give both the JSON Schema
// Describe publishes (sdkconfig.Schema) and Validate's checks; Validate
// adds what tags cannot say (validate.go, captions.go). Captions are
// required: learners who are deaf or hard of hearing, or who watch with the
// sound off at a public desk, cannot follow a video without them (WCAG 2.1,
// 1.2.2 Captions).
type config struct {
	Src                 string    `json:"src" config:"required" msg:"the video file is required: a file in the module's media folder or an https:// URL" doc:"The video: a file in the module's media folder or an https:// URL."`
	Type                string    `json:"type,omitempty" pattern:"^(video|audio)/[A-Za-z0-9.+-]+(\\s*;.*)?$" msg:"type %v is not a video MIME type such as video/webm or video/mp4"`
	Sources             []source  `json:"sources,omitempty" doc:"Other encodings of the same video, for browsers that cannot play src."`
	Poster              string    `json:"poster,omitempty" doc:"An image shown before the video plays."`
	Captions            []caption `json:"captions" config:"required,min=1" msg:"captions are required so learners who are deaf or hard of hearing can follow the video (WCAG 2.1 success criterion 1.2.2); add a WebVTT file, e.g. captions: [{src: intro.en.vtt, srclang: en, label: English}]"`
	Transcript          string    `json:"transcript,omitempty" config:"markdown" doc:"Markdown transcript shown below the video."`
	CompletionThreshold float64   `json:"completion_threshold,omitempty" config:"above=0,max=1" default:"0.9" msg:"completion_threshold is the share of the video to watch, more than 0 and at most 1 (0.9 is 90%), not %v" doc:"Share of the video the learner must watch (unique seconds, not the playhead position) to complete it."`
	Length              float64   `json:"length,omitempty" config:"above=0,max=86400" msg:"length is the video's duration in seconds, more than 0 and at most 86400, not %v; leave it out to use the length the browser reports" doc:"Duration in seconds; leave it out to use the length the browser reports."` // 0 means the client reports it
}

// source is an alternative encoding of the video, for browsers that cannot
// play the first.
type source struct {
	Src  string `json:"src" config:"required" msg:"an alternative source is required: a file in the module's media folder or an https:// URL"`
	Type string `json:"type,omitempty" pattern:"^(video|audio)/[A-Za-z0-9.+-]+(\\s*;.*)?$" msg:"type %v is not a video MIME type such as video/webm or video/mp4"`
}

// caption is a WebVTT captions track.
type caption struct {
	Src     string `json:"src" config:"required" msg:"the captions file is required: a WebVTT (.vtt) file in the module's media folder or an https:// URL" doc:"A WebVTT (.vtt) file."`
	Srclang string `json:"srclang" config:"required" pattern:"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$" missing:"srclang is required: the captions' language, such as en or es, so players and screen readers pick the right one" msg:"srclang %v is not a language tag such as en, es or pt-BR"`
	Label   string `json:"label,omitempty" doc:"Shown in the player's captions menu; required when there is more than one track."`
	Default bool   `json:"default,omitempty" default:"false"`
}

// parseConfig decodes a configuration the engine has already validated and
// fills in defaults.
func parseConfig(raw json.RawMessage) (*config, error) {
	var c config
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("video: configuration: %w", err)
	}
	if c.CompletionThreshold == 0 {
		c.CompletionThreshold = defaultThreshold
	}
	return &c, nil
}
