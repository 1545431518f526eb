package video

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

// view is what video.html shows.
type view struct {
	ID, Title, Poster, Download, Status string
	Sources                             []source
	Tracks                              []caption
	CrossOrigin, Completed              bool
	Transcript                          template.HTML
	M                                   *messages
}

// Render returns the player with its sources and captions, a text status of
// the learner's progress and the transcript. The learner's position and
// watched segments go to video.js as client state.
func (v *Video) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	cfg, err := parseConfig(req.Object.Config)
	if err != nil {
		return nil, err
	}
	st, err := decodeState(req.State)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := v.tmpl.Execute(&b, newView(req.Object, cfg, st, messagesFor(req.Locale))); err != nil {
		return nil, fmt.Errorf("video: render %s: %w", req.Object.ID, err)
	}
	cs, err := newClientState(cfg, st)
	if err != nil {
		return nil, err
	}
	return &sdk.RenderResponse{HTML: b.String(), Assets: []string{"video.css", "video.js"}, ClientState: cs}, nil
}

func newView(obj sdk.Object, cfg *config, st state, msg *messages) view {
	base := obj.MediaBaseURL
	v := view{
		ID: obj.ID, Title: obj.Title,
		Download:  sdkhtml.ResolveURL(base, cfg.Src),
		Status:    statusText(msg, st.Progress, cfg.CompletionThreshold, st.Completed),
		Completed: st.Completed,
		M:         msg,
	}
	if cfg.Poster != "" {
		v.Poster = sdkhtml.ResolveURL(base, cfg.Poster)
	}
	v.Sources = append(v.Sources, source{Src: v.Download, Type: cfg.Type})
	for _, s := range cfg.Sources {
		v.Sources = append(v.Sources, source{Src: sdkhtml.ResolveURL(base, s.Src), Type: s.Type})
	}
	for _, c := range cfg.Captions {
		c.Src = sdkhtml.ResolveURL(base, c.Src)
		v.CrossOrigin = v.CrossOrigin || crossSite(base, c.Src)
		v.Tracks = append(v.Tracks, c)
	}
	if cfg.Transcript != "" {
		v.Transcript = sdkhtml.Markdown(cfg.Transcript, base)
	}
	return v
}

// crossSite reports whether ref is on another host than base. A captions
// track from another site loads only with CORS, which the video element
// asks for only when it has a crossorigin attribute; same-site media must
// not get one, or servers without CORS headers would stop serving it.
func crossSite(base, ref string) bool {
	u, err := url.Parse(ref)
	if err != nil || u.Host == "" {
		return false
	}
	b, err := url.Parse(base)
	return err != nil || !strings.EqualFold(u.Host, b.Host)
}

// statusText is the progress as the learner reads it, in msg's words.
// video.js builds the same text from the same patterns as the video
// plays; keep the two in step.
func statusText(msg *messages, progress, threshold float64, completed bool) string {
	watched := strconv.Itoa(int(math.Floor(progress*100 + 1e-9)))
	if completed {
		return strings.ReplaceAll(msg.Watched, "{watched}", watched)
	}
	needed := strconv.FormatFloat(math.Round(threshold*1000)/10, 'f', -1, 64)
	return strings.NewReplacer("{watched}", watched, "{needed}", needed).Replace(msg.Watching)
}
