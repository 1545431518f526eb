package learning

import "github.com/lode-elearning/lode/engine"

// The orders in which a module's steps may be taken (module.yaml's
// sequencing). A module that says nothing is free.
const (
	SequencingFree   = "free"   // any step, in any order
	SequencingLinear = "linear" // a step opens once the required ones before it are complete
)

// Linear reports whether m's steps open in order.
func (m *Module) Linear() bool { return m.Sequencing == SequencingLinear }

// Blocker returns the step the learner must complete before objectID
// opens, or nil when it is open. In a linear module that is the first
// required object before it that is not complete: optional objects never
// hold later ones back, and the first object is always open. Complete, not
// passed: a quiz failed for good still lets the learner go on, though it
// holds back the module's completion.
func (p *ModuleProgress) Blocker(objectID string) *Object {
	if !p.Module.Linear() {
		return nil
	}
	for i := range p.Module.Objects {
		o := &p.Module.Objects[i]
		if o.ID == objectID {
			return nil
		}
		if o.Required && !p.States[o.ID].Completed {
			return o
		}
	}
	return nil
}

// CheckOpen returns an EFORBIDDEN error naming the step to finish first
// when objectID is locked for the learner whose progress p is.
func (p *ModuleProgress) CheckOpen(objectID string) error {
	b := p.Blocker(objectID)
	if b == nil {
		return nil
	}
	title := objectID
	if i := p.Module.ObjectIndex(objectID); i >= 0 {
		title = p.Module.Objects[i].Title
	}
	return engine.Errorf(engine.EFORBIDDEN, "%s is locked: finish %s first", quoteTitle(title), quoteTitle(b.Title))
}

// quoteTitle puts a title in quotation marks as a learner reads them, not
// as %q would escape them.
func quoteTitle(t string) string { return `"` + t + `"` }
