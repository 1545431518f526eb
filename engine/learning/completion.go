package learning

import "time"

// Completion is a module's rule for when a learner has completed it: what
// cmi5 calls moveOn. The zero value is the rule every module had before
// rules could be written: every required object satisfied.
type Completion struct {
	// SkipObjects leaves the required objects out of the rule
	// (module.yaml "objects: none"): only Mastery counts. Required objects
	// are still marked as such for the learner.
	SkipObjects bool
	// Mastery names scored objects and the least scaled score (0..1) that
	// each needs.
	Mastery []Mastery
}

// Mastery is a minimum score on one scored object.
type Mastery struct {
	ObjectID string
	MinScore float64 // scaled, 0..1
}

// Scored reports whether the rule has mastery: a completed module is then
// also passed or failed.
func (c Completion) Scored() bool { return len(c.Mastery) > 0 }

// MasteryScore is the score a learner must reach, for the cmi5
// masteryScore extension: the highest of the rule's minimums, since each
// must be met.
func (c Completion) MasteryScore() float64 {
	var hi float64
	for _, m := range c.Mastery {
		hi = max(hi, m.MinScore)
	}
	return hi
}

// masteryState is where a learner stands on one mastery object.
type masteryState int

const (
	masteryOpen   masteryState = iota // not finished: it may still be met
	masteryMet                        // finished, or not, with a score at or above the minimum
	masteryFailed                     // finished below the minimum: it can no longer be met
)

// mastery judges one mastery object's stored state. A content type
// completes a scored object when the learner can do no more with it (a
// quiz: passed, or every attempt used), so a completed object below the
// minimum, or failed by its own standard, or with no score at all, is
// failed for good; one not completed may still improve.
func (m Mastery) mastery(s ObjectState) masteryState {
	met := s.Scaled != nil && *s.Scaled >= m.MinScore && (s.Success == nil || *s.Success)
	switch {
	case met:
		return masteryMet
	case s.Completed:
		return masteryFailed
	}
	return masteryOpen
}

// MissedMastery is the module's mastery rule that failed it on objectID:
// the learner finished that object below its minimum score. Nil for every
// object of a module not failed, and for the objects that did not fail it.
func (p *ModuleProgress) MissedMastery(objectID string) *Mastery {
	if !p.Failed {
		return nil
	}
	for i, ms := range p.Module.Completion.Mastery {
		if ms.ObjectID == objectID && ms.mastery(p.States[objectID]) == masteryFailed {
			return &p.Module.Completion.Mastery[i]
		}
	}
	return nil
}

// RegistrationEnd is how a registration ends, recorded once: completed
// (and passed, where the module is scored), or failed.
type RegistrationEnd struct {
	At time.Time
	// Version is the module version the learner was taking when it ended;
	// a certificate names it.
	Version string
	// Failed ends the registration without completing it: a mastery score
	// was missed for good.
	Failed bool
}
