package learning

// ModuleProgress is where a learner stands in a module.
type ModuleProgress struct {
	Module       *Module
	Registration *Registration          // nil from PeekProgress when never started
	States       map[string]ObjectState // by object id; absent = not started
	// Satisfied and Required count the objects the module's completion
	// rule names (see Completion): the required objects, unless the rule
	// skips them, and each mastery object, once. A mastery object is
	// satisfied when its score is met. They drive the progress bar.
	Satisfied int
	Required  int
	// Failed is set when a mastery object was finished below its minimum:
	// the module can no longer be completed in this registration.
	Failed bool
}

// Done reports whether the module's completion rule is met: every object
// it counts satisfied.
func (p *ModuleProgress) Done() bool { return p.Satisfied == p.Required && !p.Failed }

// Percent is the share of required objects satisfied, 0..100.
func (p *ModuleProgress) Percent() int {
	if p.Required == 0 {
		return 100
	}
	return p.Satisfied * 100 / p.Required
}

// ObjectSatisfied reports whether an object counts as done: completed, and
// not failed. A quiz completed by using up every attempt without passing
// is completed but not satisfied, so it holds back the module's completion
// (and with it the CE certificate).
func ObjectSatisfied(s ObjectState) bool {
	return s.Completed && (s.Success == nil || *s.Success)
}

// newModuleProgress summarizes states against m's completion rule.
// Progress is keyed by object id, so after the module is edited a
// learner's states for objects still in it count, those of removed
// objects are ignored, and new required objects count as not started.
func newModuleProgress(m *Module, r *Registration, states []ObjectState) *ModuleProgress {
	p := &ModuleProgress{Module: m, Registration: r, States: make(map[string]ObjectState, len(states))}
	for _, s := range states {
		p.States[s.ObjectID] = s
	}
	rule := m.Completion
	counted := map[string]bool{}
	if !rule.SkipObjects {
		for _, o := range m.Objects {
			if o.Required {
				counted[o.ID] = true
				p.Required++
				if ObjectSatisfied(p.States[o.ID]) {
					p.Satisfied++
				}
			}
		}
	}
	for _, ms := range rule.Mastery {
		if m.ObjectIndex(ms.ObjectID) < 0 {
			continue
		}
		state := ms.mastery(p.States[ms.ObjectID])
		p.Failed = p.Failed || state == masteryFailed
		switch {
		case !counted[ms.ObjectID]:
			counted[ms.ObjectID] = true
			p.Required++
			if state == masteryMet {
				p.Satisfied++
			}
		case state != masteryMet && ObjectSatisfied(p.States[ms.ObjectID]):
			p.Satisfied-- // satisfied as an object, not yet at its mastery score
		}
	}
	return p
}

// MasteryResult is the score that passed or failed a scored module: the
// lowest scaled score among its mastery objects (each had to be met, so
// the lowest is the one that decides), or nil if none has a score.
func (p *ModuleProgress) MasteryResult() *float64 {
	var low *float64
	for _, ms := range p.Module.Completion.Mastery {
		if p.Module.ObjectIndex(ms.ObjectID) < 0 {
			continue
		}
		if s := p.States[ms.ObjectID].Scaled; s != nil && (low == nil || *s < *low) {
			v := *s
			low = &v
		}
	}
	return low
}
