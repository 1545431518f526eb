package checklist

import (
	"encoding/json"
	"fmt"
	"strings"
)

// state is a learner's state for one checklist.
type state struct {
	Checked   []string `json:"checked"`             // item ids, in the configuration's order
	Note      string   `json:"note,omitempty"`      // the reflection as written
	Completed bool     `json:"completed,omitempty"` // once true, stays true
}

// decodeState reads the state Handle stored; nil means not yet started.
func decodeState(raw json.RawMessage) (state, error) {
	var st state
	if len(raw) == 0 || string(raw) == "null" {
		return st, nil
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, fmt.Errorf("checklist: stored state: %w", err)
	}
	return st, nil
}

func (st state) isChecked(id string) bool {
	for _, c := range st.Checked {
		if c == id {
			return true
		}
	}
	return false
}

// progress counts the required items ticked and whether the reflection
// still stands between the learner and completion.
type progress struct {
	Done, Required, Checked, Total int
	NeedsNote                      bool
}

func progressOf(cfg *config, st state) progress {
	var p progress
	for _, it := range cfg.Items {
		p.Total++
		ticked := st.isChecked(it.ID)
		if ticked {
			p.Checked++
		}
		if it.IsRequired() {
			p.Required++
			if ticked {
				p.Done++
			}
		}
	}
	r := cfg.Reflection
	p.NeedsNote = r != nil && r.Required && strings.TrimSpace(st.Note) == ""
	return p
}

// complete reports whether the learner has done everything required.
func (p progress) complete() bool { return p.Done == p.Required && !p.NeedsNote }
