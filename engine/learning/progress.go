package learning

// ModuleProgress is where a learner stands in a module.
type ModuleProgress struct {
	Module       *Module
	Registration *Registration          // nil from PeekProgress when never started
	States       map[string]ObjectState // by object id; absent = not started
	Satisfied    int                    // required objects satisfied
	Required     int
}

// Done reports whether every required object is satisfied.
func (p *ModuleProgress) Done() bool { return p.Satisfied == p.Required }

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

// newModuleProgress summarizes states against m's required objects.
func newModuleProgress(m *Module, r *Registration, states []ObjectState) *ModuleProgress {
	p := &ModuleProgress{Module: m, Registration: r, States: make(map[string]ObjectState, len(states))}
	for _, s := range states {
		p.States[s.ObjectID] = s
	}
	for _, o := range m.Objects {
		if !o.Required {
			continue
		}
		p.Required++
		if ObjectSatisfied(p.States[o.ID]) {
			p.Satisfied++
		}
	}
	return p
}
