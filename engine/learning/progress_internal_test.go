package learning

import "testing"

func TestModuleProgressRule(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	b := func(v bool) *bool { return &v }
	objects := []Object{
		{ID: "page", Required: true},
		{ID: "quiz", Required: true},
		{ID: "extra"},
	}
	mastery := []Mastery{{ObjectID: "quiz", MinScore: 0.8}}
	done := ObjectState{Completed: true}
	tests := []struct {
		name                 string
		rule                 Completion
		states               map[string]ObjectState
		satisfied, required  int
		done, failed         bool
		percent              int
		masteryResultPresent bool
	}{
		{name: "DefaultNothingDone", required: 2},
		{name: "DefaultAllRequired", states: map[string]ObjectState{"page": done, "quiz": done},
			satisfied: 2, required: 2, done: true, percent: 100},
		{name: "MasteryNotTaken", rule: Completion{Mastery: mastery}, states: map[string]ObjectState{"page": done},
			satisfied: 1, required: 2, percent: 50},
		{name: "MasteryMet", rule: Completion{Mastery: mastery},
			states:    map[string]ObjectState{"page": done, "quiz": {Completed: true, Success: b(true), Scaled: f(0.8)}},
			satisfied: 2, required: 2, done: true, percent: 100, masteryResultPresent: true},
		{name: "PassedByTheQuizBelowMastery", rule: Completion{Mastery: mastery},
			states:    map[string]ObjectState{"page": done, "quiz": {Completed: true, Success: b(true), Scaled: f(0.7)}},
			satisfied: 1, required: 2, failed: true, percent: 50, masteryResultPresent: true},
		{name: "AttemptsLeft", rule: Completion{Mastery: mastery},
			states:    map[string]ObjectState{"page": done, "quiz": {Success: b(false), Scaled: f(0.4)}},
			satisfied: 1, required: 2, percent: 50, masteryResultPresent: true},
		{name: "AttemptsUsedUp", rule: Completion{Mastery: mastery},
			states:    map[string]ObjectState{"quiz": {Completed: true, Success: b(false), Scaled: f(0.9)}},
			satisfied: 0, required: 2, failed: true, masteryResultPresent: true},
		{name: "CompletedWithoutScore", rule: Completion{Mastery: mastery},
			states:    map[string]ObjectState{"page": done, "quiz": done},
			satisfied: 1, required: 2, failed: true, percent: 50},
		{name: "MasteryOnly", rule: Completion{SkipObjects: true, Mastery: mastery},
			states:    map[string]ObjectState{"quiz": {Completed: true, Scaled: f(1)}},
			satisfied: 1, required: 1, done: true, percent: 100, masteryResultPresent: true},
		{name: "MasteryOnOptional", rule: Completion{Mastery: []Mastery{{ObjectID: "extra", MinScore: 0.5}}},
			states:    map[string]ObjectState{"page": done, "quiz": done},
			satisfied: 2, required: 3, percent: 66},
		{name: "MasteryOnRemovedObject", rule: Completion{Mastery: []Mastery{{ObjectID: "gone", MinScore: 0.5}}},
			states:    map[string]ObjectState{"page": done, "quiz": done, "gone": {Completed: true, Scaled: f(0)}},
			satisfied: 2, required: 2, done: true, percent: 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var states []ObjectState
			for id, s := range tt.states {
				s.ObjectID = id
				states = append(states, s)
			}
			p := newModuleProgress(&Module{Objects: objects, Completion: tt.rule}, nil, states)
			if p.Satisfied != tt.satisfied || p.Required != tt.required || p.Done() != tt.done || p.Failed != tt.failed || p.Percent() != tt.percent {
				t.Errorf("satisfied %d/%d, done %v, failed %v, %d%%; want %d/%d, %v, %v, %d%%",
					p.Satisfied, p.Required, p.Done(), p.Failed, p.Percent(), tt.satisfied, tt.required, tt.done, tt.failed, tt.percent)
			}
			if got := p.MasteryResult() != nil; got != tt.masteryResultPresent {
				t.Errorf("mastery result present %v, want %v", got, tt.masteryResultPresent)
			}
		})
	}
}
