package admin

import (
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/learning"
)

// LearnerReport is one learner's progress: each module they started,
// with its scored results, and their certificates.
type LearnerReport struct {
	Learner      learning.Learner
	Modules      []LearnerModule // oldest start first
	Certificates []credential.Certificate
}

// LearnerModule is one registration with its scored objects' states.
type LearnerModule struct {
	learning.Registration
	Scores []learning.ObjectState // those with a scaled score
}

// Status is "completed", "failed" or "in progress".
func (m LearnerModule) Status() string {
	switch {
	case m.CompletedAt != nil:
		return "completed"
	case m.FailedAt != nil:
		return "failed"
	}
	return "in progress"
}

// CEHours is the continuing-education hours of every certificate.
func (r *LearnerReport) CEHours() float64 {
	var h float64
	for _, c := range r.Certificates {
		h += c.CEHours
	}
	return h
}
