package video

import (
	"encoding/json"
	"fmt"

	"github.com/lode-elearning/lode/sdk"
)

// Extension IRIs of the xAPI video profile.
const (
	extTime                = "https://w3id.org/xapi/video/extensions/time"
	extTimeFrom            = "https://w3id.org/xapi/video/extensions/time-from"
	extTimeTo              = "https://w3id.org/xapi/video/extensions/time-to"
	extProgress            = "https://w3id.org/xapi/video/extensions/progress"
	extPlayedSegments      = "https://w3id.org/xapi/video/extensions/played-segments"
	extSessionID           = "https://w3id.org/xapi/video/extensions/session-id"
	extLength              = "https://w3id.org/xapi/video/extensions/length"
	extCompletionThreshold = "https://w3id.org/xapi/video/extensions/completion-threshold"
)

// statementsFor returns the statements for one event: the profile's
// statement for played, paused and seeked, then "completed" if this event
// took the learner over the threshold. Progress and ended events record
// nothing of their own: they come every few seconds of playing, and the
// paused and completed statements already carry what they report.
func statementsFor(typ string, d *eventData, st state, completes bool, ctxExt json.RawMessage) ([]sdk.StatementDraft, error) {
	var drafts []sdk.StatementDraft
	add := func(verb sdk.Verb, ext map[string]any, completion bool) error {
		raw, err := json.Marshal(ext)
		if err != nil {
			return fmt.Errorf("video: result extensions: %w", err)
		}
		r := &sdk.Result{Extensions: raw}
		if completion {
			r.Completion = sdk.Bool(true)
		}
		drafts = append(drafts, sdk.StatementDraft{Verb: verb, Result: r, ContextExtensions: ctxExt})
		return nil
	}
	var err error
	switch typ {
	case evPlayed:
		err = add(sdk.VerbPlayed, map[string]any{extTime: st.Position}, false)
	case evPaused:
		err = add(sdk.VerbPaused, watchedSoFar(st), false)
	case evSeeked:
		err = add(sdk.VerbSeeked, map[string]any{extTimeFrom: round3(*d.From), extTimeTo: st.Position}, false)
	}
	if err == nil && completes {
		err = add(sdk.VerbCompleted, watchedSoFar(st), true)
	}
	return drafts, err
}

// watchedSoFar is the result extensions of paused and completed statements.
func watchedSoFar(st state) map[string]any {
	return map[string]any{
		extTime:           st.Position,
		extProgress:       st.Progress,
		extPlayedSegments: playedSegments(st.Segments),
	}
}

// contextExtensions go on every video statement, so a report can tell
// sessions apart and read progress against the video's length and threshold.
func contextExtensions(sessionID string, length, threshold float64) (json.RawMessage, error) {
	ext := map[string]any{extLength: round3(length), extCompletionThreshold: threshold}
	if sessionID != "" {
		ext[extSessionID] = sessionID
	}
	raw, err := json.Marshal(ext)
	if err != nil {
		return nil, fmt.Errorf("video: context extensions: %w", err)
	}
	return raw, nil
}
