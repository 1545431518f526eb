package video

import (
	"encoding/json"
	"fmt"
)

const (
	defaultThreshold = 0.9
	// maxLength bounds a video's length and every time a client sends, in
	// seconds. Nothing a library CE provider serves runs for a day; larger
	// values are client bugs or tampering.
	maxLength = 24 * 60 * 60
)

// config is an object's configuration; schema.json describes the same shape
// for authoring tools.
type config struct {
	Src                 string    `json:"src"`
	Type                string    `json:"type,omitempty"`
	Sources             []source  `json:"sources,omitempty"`
	Poster              string    `json:"poster,omitempty"`
	Captions            []caption `json:"captions"`
	Transcript          string    `json:"transcript,omitempty"`
	CompletionThreshold float64   `json:"completion_threshold,omitempty"`
	Length              float64   `json:"length,omitempty"` // seconds; 0 means the client reports it
}

// source is an alternative encoding of the video, for browsers that cannot
// play the first.
type source struct {
	Src  string `json:"src"`
	Type string `json:"type,omitempty"`
}

// caption is a WebVTT captions track.
type caption struct {
	Src     string `json:"src"`
	Srclang string `json:"srclang"`
	Label   string `json:"label,omitempty"`
	Default bool   `json:"default,omitempty"`
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
