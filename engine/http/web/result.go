package web

import (
	"encoding/json"

	"github.com/lode-elearning/lode/sdk"
)

// resultJSON is an object's result on the wire: the SDK's Result with JSON
// names, so that renaming a Go field never changes the API.
type resultJSON struct {
	Score      *scoreJSON      `json:"score,omitempty"`
	Success    *bool           `json:"success,omitempty"`
	Completion *bool           `json:"completion,omitempty"`
	Response   string          `json:"response,omitempty"`
	Duration   string          `json:"duration,omitempty"`
	Extensions json.RawMessage `json:"extensions,omitempty"`
}

type scoreJSON struct {
	Raw    float64 `json:"raw"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	Scaled float64 `json:"scaled"`
}

func newResultJSON(r *sdk.Result) *resultJSON {
	if r == nil {
		return nil
	}
	out := &resultJSON{
		Success: r.Success, Completion: r.Completion, Response: r.Response,
		Duration: r.Duration, Extensions: r.Extensions,
	}
	if r.Score != nil {
		out.Score = &scoreJSON{Raw: r.Score.Raw, Min: r.Score.Min, Max: r.Score.Max, Scaled: r.Score.Scaled}
	}
	return out
}
