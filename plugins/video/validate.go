package video

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// notWebVTT are caption formats authors often have but browsers cannot play.
var notWebVTT = map[string]bool{".srt": true, ".sbv": true, ".ttml": true, ".dfxp": true, ".scc": true, ".ass": true, ".ssa": true, ".sub": true}

// Validate returns every problem in a video's configuration: the config
// type's tags, then where media may come from and the captions' rules.
func (v *Video) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var ch sdkconfig.Checker
	var c config
	if !ch.Typed(req.Config, &c) {
		return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
	}
	checkMediaURL(&ch, "/src", c.Src, "the video file")
	if c.Poster != "" {
		checkMediaURL(&ch, "/poster", c.Poster, "the poster image")
	}
	for i, s := range c.Sources {
		checkMediaURL(&ch, fmt.Sprintf("/sources/%d/src", i), s.Src, "an alternative source")
	}
	checkCaptions(&ch, c.Captions)
	return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
}

// checkMediaURL checks a URL the browser fetches: a file in the module's
// media folder or an https URL (http would be blocked as mixed content).
// A missing one is the tags' to report, with the setting's own words.
func checkMediaURL(ch *sdkconfig.Checker, ptr, ref, what string) {
	if ch.Has(ptr) || strings.TrimSpace(ref) == "" {
		return
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	switch {
	case err != nil:
		ch.Addf(ptr, "%q is not a valid address for %s: %v", ref, what, err)
	case u.Scheme != "" && u.Scheme != "https":
		ch.Addf(ptr, "%s must be a file in the module's media folder or an https:// URL, not %q", what, u.Scheme+":")
	}
}
