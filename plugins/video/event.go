package video

import (
	"encoding/json"
	"math"

	"github.com/lode-elearning/lode/sdk"
)

// maxEventSegments bounds the segments one event may carry. The script
// merges its segments before sending, so even a learner who jumps around
// sends a few dozen.
const maxEventSegments = 1000

// eventData is what video.js sends with every event. Times are seconds of
// media time; segments are the stretches played since the page loaded.
type eventData struct {
	Time     *float64    `json:"time"`
	From     *float64    `json:"from"`
	To       *float64    `json:"to"`
	Segments [][]float64 `json:"segments"`
	Length   *float64    `json:"length"`
}

// The events video.js sends.
const (
	evPlayed   = "played"
	evPaused   = "paused"
	evSeeked   = "seeked"
	evProgress = "progress"
	evEnded    = "ended"
)

// decodeEvent reads and checks an event's data. Every time must be a
// number from 0 to maxLength: JavaScript sends NaN and Infinity as null,
// and a negative or day-long time is a bug or tampering, so all of these are
// refused rather than guessed at.
func decodeEvent(ev sdk.Event) (*eventData, error) {
	var d eventData
	if len(ev.Data) > 0 {
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			return nil, sdk.Invalidf("%s event: data must be an object of times in seconds: %v", ev.Type, err)
		}
	}
	need := map[string]*float64{"time": d.Time}
	if ev.Type == evSeeked {
		need = map[string]*float64{"from": d.From, "to": d.To}
	}
	for name, v := range need {
		if v == nil {
			return nil, sdk.Invalidf("%s event: %s is required", ev.Type, name)
		}
	}
	for name, v := range map[string]*float64{"time": d.Time, "from": d.From, "to": d.To, "length": d.Length} {
		if v != nil && !validTime(*v) {
			return nil, sdk.Invalidf("%s event: %s must be between 0 and %d seconds, not %g", ev.Type, name, maxLength, *v)
		}
	}
	if d.Length != nil && *d.Length == 0 {
		d.Length = nil // the browser does not know it yet
	}
	return &d, checkSegments(ev.Type, d.Segments)
}

func checkSegments(typ string, segs [][]float64) error {
	if len(segs) > maxEventSegments {
		return sdk.Invalidf("%s event: %d segments is more than %d", typ, len(segs), maxEventSegments)
	}
	for i, s := range segs {
		switch {
		case len(s) != 2:
			return sdk.Invalidf("%s event: segment %d must be [start, end]", typ, i)
		case !validTime(s[0]) || !validTime(s[1]):
			return sdk.Invalidf("%s event: segment %d must lie between 0 and %d seconds", typ, i, maxLength)
		case s[1] < s[0]:
			return sdk.Invalidf("%s event: segment %d ends (%g) before it starts (%g)", typ, i, s[1], s[0])
		}
	}
	return nil
}

func validTime(x float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0) && x >= 0 && x <= maxLength
}
