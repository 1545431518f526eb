package video

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

var (
	// mediaType is a video or audio MIME type, optionally with codecs.
	mediaType = regexp.MustCompile(`(?i)^(video|audio)/[a-z0-9.+-]+(\s*;.*)?$`)
	// langTag is a BCP 47 language tag in the common shapes (en, en-US, zh-Hant).
	langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	// notWebVTT are caption formats authors often have but browsers cannot play.
	notWebVTT = map[string]bool{".srt": true, ".sbv": true, ".ttml": true, ".dfxp": true, ".scc": true, ".ass": true, ".ssa": true, ".sub": true}
)

// Validate returns every problem in a video's configuration.
func (v *Video) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var ch sdkconfig.Checker
	var c config
	var sources, captions []json.RawMessage
	var threshold, length *float64
	fields := sdkconfig.Fields{
		"src": &c.Src, "type": &c.Type, "sources": &sources, "poster": &c.Poster, "captions": &captions,
		"transcript": &c.Transcript, "completion_threshold": &threshold, "length": &length,
	}
	if !ch.Config(req.Config, fields) {
		return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
	}
	checkMediaURL(&ch, "/src", c.Src, "the video file")
	checkType(&ch, "/type", c.Type)
	if c.Poster != "" {
		checkMediaURL(&ch, "/poster", c.Poster, "the poster image")
	}
	for i, raw := range sources {
		checkSource(&ch, fmt.Sprintf("/sources/%d", i), raw)
	}
	checkCaptions(&ch, captions)
	if t := threshold; t != nil && (*t <= 0 || *t > 1) && !ch.Has("/completion_threshold") {
		ch.Addf("/completion_threshold", "completion_threshold is the share of the video to watch, more than 0 and at most 1 (0.9 is 90%%), not %g", *t)
	}
	if l := length; l != nil && (*l <= 0 || *l > maxLength) && !ch.Has("/length") {
		ch.Addf("/length", "length is the video's duration in seconds, more than 0 and at most %d, not %g; leave it out to use the length the browser reports", maxLength, *l)
	}
	return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
}

// checkMediaURL checks a URL the browser fetches: a file in the module's
// media folder or an https URL (http would be blocked as mixed content).
func checkMediaURL(ch *sdkconfig.Checker, ptr, ref, what string) {
	if ch.Has(ptr) {
		return
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	switch {
	case strings.TrimSpace(ref) == "":
		ch.Addf(ptr, "%s is required: a file in the module's media folder or an https:// URL", what)
	case err != nil:
		ch.Addf(ptr, "%q is not a valid address for %s: %v", ref, what, err)
	case u.Scheme != "" && u.Scheme != "https":
		ch.Addf(ptr, "%s must be a file in the module's media folder or an https:// URL, not %q", what, u.Scheme+":")
	}
}

func checkType(ch *sdkconfig.Checker, ptr, typ string) {
	if typ != "" && !ch.Has(ptr) && !mediaType.MatchString(typ) {
		ch.Addf(ptr, "type %q is not a video MIME type such as video/webm or video/mp4", typ)
	}
}

func checkSource(ch *sdkconfig.Checker, ptr string, raw json.RawMessage) {
	var s source
	if ch.Object(ptr, raw, sdkconfig.Fields{"src": &s.Src, "type": &s.Type}) {
		checkMediaURL(ch, ptr+"/src", s.Src, "an alternative source")
		checkType(ch, ptr+"/type", s.Type)
	}
}
