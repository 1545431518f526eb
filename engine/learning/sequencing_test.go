package learning_test

import (
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

func TestBlocker(t *testing.T) {
	objects := []learning.Object{
		{ID: "a", Title: "A", Required: true},
		{ID: "opt", Title: "Optional"},
		{ID: "b", Title: "B", Required: true},
		{ID: "c", Title: "C", Required: true},
	}
	failed := false
	states := func(ss ...learning.ObjectState) map[string]learning.ObjectState {
		m := map[string]learning.ObjectState{}
		for _, s := range ss {
			m[s.ObjectID] = s
		}
		return m
	}
	tests := []struct {
		name       string
		sequencing string
		states     map[string]learning.ObjectState
		want       map[string]string // object -> blocker ("" = open)
	}{
		{"free by default", "", nil, map[string]string{"a": "", "opt": "", "b": "", "c": ""}},
		{"free", learning.SequencingFree, nil, map[string]string{"a": "", "opt": "", "b": "", "c": ""}},
		{"linear, nothing done", learning.SequencingLinear, nil, map[string]string{"a": "", "opt": "a", "b": "a", "c": "a"}},
		{"linear, started is not complete", learning.SequencingLinear, states(learning.ObjectState{ObjectID: "a"}),
			map[string]string{"a": "", "opt": "a", "b": "a", "c": "a"}},
		{"linear, first complete: the optional step locks nothing", learning.SequencingLinear,
			states(learning.ObjectState{ObjectID: "a", Completed: true}), map[string]string{"a": "", "opt": "", "b": "", "c": "b"}},
		{"linear, a failed quiz is complete", learning.SequencingLinear,
			states(learning.ObjectState{ObjectID: "a", Completed: true}, learning.ObjectState{ObjectID: "b", Completed: true, Success: &failed}),
			map[string]string{"a": "", "opt": "", "b": "", "c": ""}},
		{"linear, a later step done does not open an earlier one", learning.SequencingLinear,
			states(learning.ObjectState{ObjectID: "c", Completed: true}), map[string]string{"a": "", "opt": "a", "b": "a", "c": "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &learning.ModuleProgress{Module: &learning.Module{ID: "m", Sequencing: tt.sequencing, Objects: objects}, States: tt.states}
			for id, want := range tt.want {
				got := ""
				if b := p.Blocker(id); b != nil {
					got = b.ID
				}
				if got != want {
					t.Errorf("Blocker(%s) = %q, want %q", id, got, want)
				}
				err := p.CheckOpen(id)
				if (err == nil) != (want == "") || (err != nil && engine.ErrorCode(err) != engine.EFORBIDDEN) {
					t.Errorf("CheckOpen(%s) = %v", id, err)
				}
			}
		})
	}
	t.Run("Message", func(t *testing.T) {
		p := &learning.ModuleProgress{Module: &learning.Module{Sequencing: learning.SequencingLinear, Objects: objects}}
		if got := engine.ErrorMessage(p.CheckOpen("b")); got != `"B" is locked: finish "A" first` {
			t.Errorf("message %q", got)
		}
	})
}
