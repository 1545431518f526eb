package video

import (
	"encoding/json"
	"fmt"
)

// state is a learner's state for one video.
type state struct {
	Segments  []segment `json:"segments"`            // merged played segments
	Position  float64   `json:"position"`            // where to resume, seconds
	Length    float64   `json:"length,omitempty"`    // as first reported, when not configured
	Progress  float64   `json:"progress"`            // watched / length, 0..1, 3 decimals
	Completed bool      `json:"completed,omitempty"` // once true, stays true
}

// decodeState reads the state Handle stored; nil means not yet started.
func decodeState(raw json.RawMessage) (state, error) {
	var st state
	if len(raw) == 0 || string(raw) == "null" {
		return st, nil
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, fmt.Errorf("video: stored state: %w", err)
	}
	return st, nil
}

// clientState is handed to video.js as data-lode-state: where to resume,
// and what was already watched so it can show progress as the video plays
// without asking the server.
type clientState struct {
	Position  float64   `json:"position"`
	Completed bool      `json:"completed"`
	Threshold float64   `json:"threshold"`
	Length    float64   `json:"length,omitempty"`
	Segments  []segment `json:"segments"`
}

func newClientState(cfg *config, st state) (json.RawMessage, error) {
	segs := st.Segments
	if segs == nil {
		segs = []segment{}
	}
	raw, err := json.Marshal(clientState{
		Position: st.Position, Completed: st.Completed, Threshold: cfg.CompletionThreshold,
		Length: lengthOf(cfg, st), Segments: segs,
	})
	if err != nil {
		return nil, fmt.Errorf("video: encode client state: %w", err)
	}
	return raw, nil
}

// lengthOf is the video's length in seconds: as configured, else as the
// browser first reported it, else 0 (unknown).
func lengthOf(cfg *config, st state) float64 {
	if cfg.Length > 0 {
		return cfg.Length
	}
	return st.Length
}
