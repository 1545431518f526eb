package quiz

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
)

// stateVersion is stored in every state so a later version of the plugin
// can recognise and migrate states written by this one.
const stateVersion = 1

// learnerState is what the engine stores for one learner and one quiz, as
// JSON. It holds only the current attempt: earlier attempts are recorded in
// the learner's xAPI statements, and keeping them here would let the state
// grow without bound on a quiz with unlimited attempts.
type learnerState struct {
	Version   int                 `json:"v"`
	Attempt   int                 `json:"attempt"`           // current attempt, from 1
	Submitted bool                `json:"submitted"`         // the current attempt has been graded
	Answers   map[string][]string `json:"answers,omitempty"` // current attempt's answers by question id
	Seed      uint32              `json:"seed"`              // orders shuffled choices for this attempt
	Page      int                 `json:"page,omitempty"`    // the screen shown, from 0, when one question is shown per screen
	Completed bool                `json:"completed,omitempty"`
}

// loadState decodes the state the engine passed in. A nil state is a
// learner who has not interacted yet. The engine stores what Handle
// returned, so a state that does not decode is a bug, not a learner error.
func loadState(raw json.RawMessage, objectID, registration string) (*learnerState, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return &learnerState{Version: stateVersion, Attempt: 1, Seed: seedFor(objectID, registration, 1)}, nil
	}
	var st learnerState
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("quiz: decode learner state: %w", err)
	}
	if st.Version != stateVersion || st.Attempt < 1 {
		return nil, fmt.Errorf("quiz: learner state has version %d and attempt %d; want version %d and attempt >= 1", st.Version, st.Attempt, stateVersion)
	}
	return &st, nil
}

// seedFor derives a shuffle seed from the object, the learner's
// registration and the attempt. Render and the submit that follows get the
// same registration, so the order matches before any state is stored, and
// each learner (and each new attempt) sees its own order.
func seedFor(objectID, registration string, attempt int) uint32 {
	h := fnv.New32a()
	for _, part := range []string{objectID, registration, strconv.Itoa(attempt)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return h.Sum32()
}

// attemptsLeft is how many more attempts the learner may start after the
// current one; -1 means unlimited.
func (st *learnerState) attemptsLeft(cfg *config) int {
	if cfg.MaxAttempts == 0 {
		return -1
	}
	return max(cfg.MaxAttempts-st.Attempt, 0)
}

// finished reports whether the quiz is over for the learner: the current
// attempt is graded and either passed or the last one allowed.
func (st *learnerState) finished(cfg *config, g grade) bool {
	return st.Submitted && (g.Passed || st.attemptsLeft(cfg) == 0)
}

// canRetry reports whether the learner may start another attempt. A
// learner who passed may not: retrying could only lower a recorded pass.
func (st *learnerState) canRetry(cfg *config, g grade) bool {
	return st.Submitted && !st.finished(cfg, g)
}
