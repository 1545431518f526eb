package video

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/lode-elearning/lode/sdk"
)

// Handle applies one tracking event from video.js ("played", "paused",
// "seeked", "progress" or "ended"): it merges the played segments into the
// learner's state, recomputes progress from them, remembers where to resume
// and returns the statements the video profile asks for. "completed" is
// recorded exactly once, by the event that first reaches the threshold.
func (v *Video) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	typ := req.Event.Type
	if !slices.Contains([]string{evPlayed, evPaused, evSeeked, evProgress, evEnded}, typ) {
		return nil, sdk.Invalidf("a video accepts played, paused, seeked, progress and ended events, not %q", clip(typ))
	}
	cfg, err := parseConfig(req.Object.Config)
	if err != nil {
		return nil, err
	}
	st, err := decodeState(req.State)
	if err != nil {
		return nil, err
	}
	d, err := decodeEvent(req.Event)
	if err != nil {
		return nil, err
	}
	length := lengthOf(cfg, st)
	if length == 0 {
		if d.Length == nil {
			return nil, sdk.Invalidf("%s event: the video's length is not known yet; send length", typ)
		}
		st.Length, length = round3(*d.Length), round3(*d.Length)
	}
	st.apply(typ, d, length)
	completes := !st.Completed && st.Progress >= cfg.CompletionThreshold
	st.Completed = st.Completed || completes
	return respond(req, cfg, st, typ, d, completes, length)
}

// apply merges an event into the state. Only the segments count as
// watching: a seek's from and to move the resume position and nothing else.
func (st *state) apply(typ string, d *eventData, length float64) {
	segs := slices.Clone(st.Segments)
	for _, s := range d.Segments {
		segs = append(segs, segment{round3(min(s[0], length)), round3(min(s[1], length))})
	}
	st.Segments = mergeSegments(segs)
	st.Progress = min(1, round3(watched(st.Segments)/length))
	at := d.Time
	if typ == evSeeked {
		at = d.To
	}
	st.Position = round3(min(*at, length))
}

func respond(req *sdk.HandleRequest, cfg *config, st state, typ string, d *eventData, completes bool, length float64) (*sdk.HandleResponse, error) {
	ctxExt, err := contextExtensions(req.SessionID, length, cfg.CompletionThreshold)
	if err != nil {
		return nil, err
	}
	drafts, err := statementsFor(typ, d, st, completes, ctxExt)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("video: encode state: %w", err)
	}
	res := &sdk.HandleResponse{State: raw, Statements: drafts}
	if completes {
		// The only announcement: progress is shown as text, not read out
		// every few seconds.
		res.Result = &sdk.Result{Completion: sdk.Bool(true)}
		res.FeedbackHTML = messagesFor(req.Locale).Complete
	}
	return res, nil
}

// clip keeps learner-sent values short in error messages.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}
