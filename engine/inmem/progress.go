package inmem

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

var (
	_ learning.LearnerStore  = (*Progress)(nil)
	_ learning.ProgressStore = (*Progress)(nil)
)

// Progress keeps learners, registrations and object states in process
// memory, and drops the statements it is given: it is for taking a module
// without a record of it (the editor's preview), so that a throwaway
// learning.Delivery on it writes nothing anywhere. A Progress is lost with
// its process, which is the point.
type Progress struct {
	mu       sync.Mutex
	learners map[string]learning.Learner
	regs     map[string]learning.Registration
	byModule map[[2]string]string                       // learner id, module id → registration id
	states   map[string]map[string]learning.ObjectState // registration id → object id → state
}

// NewProgress returns an empty store.
func NewProgress() *Progress {
	return &Progress{
		learners: map[string]learning.Learner{}, regs: map[string]learning.Registration{},
		byModule: map[[2]string]string{}, states: map[string]map[string]learning.ObjectState{},
	}
}

// CreateLearner implements learning.LearnerStore.
func (p *Progress) CreateLearner(_ context.Context, l *learning.Learner) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.learners[l.ID]; ok {
		return engine.Errorf(engine.ECONFLICT, "learner %q exists", l.ID)
	}
	p.learners[l.ID] = *l
	return nil
}

// Learner implements learning.LearnerStore.
func (p *Progress) Learner(_ context.Context, id string) (*learning.Learner, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := p.learners[id]
	if !ok {
		return nil, engine.Errorf(engine.ENOTFOUND, "no learner %q", id)
	}
	return &l, nil
}

// UpdateLearner implements learning.LearnerStore.
func (p *Progress) UpdateLearner(_ context.Context, l *learning.Learner) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.learners[l.ID]
	if !ok {
		return engine.Errorf(engine.ENOTFOUND, "no learner %q", l.ID)
	}
	old.Name, old.Email, old.UpdatedAt = l.Name, l.Email, l.UpdatedAt
	p.learners[l.ID] = old
	return nil
}

// RevokeLearnerCookies implements learning.LearnerStore.
func (p *Progress) RevokeLearnerCookies(_ context.Context, id string) (int64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := p.learners[id]
	if !ok {
		return 0, engine.Errorf(engine.ENOTFOUND, "no learner %q", id)
	}
	l.CookieGeneration++
	p.learners[id] = l
	return l.CookieGeneration, nil
}

// EnsureRegistration implements learning.ProgressStore.
func (p *Progress) EnsureRegistration(_ context.Context, r *learning.Registration) (*learning.Registration, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := [2]string{r.LearnerID, r.ModuleID}
	if id, ok := p.byModule[key]; ok {
		got := p.regs[id]
		return &got, nil
	}
	p.regs[r.ID], p.byModule[key] = *r, r.ID
	got := *r
	return &got, nil
}

// FindRegistration implements learning.ProgressStore.
func (p *Progress) FindRegistration(_ context.Context, learnerID, moduleID string) (*learning.Registration, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id, ok := p.byModule[[2]string{learnerID, moduleID}]
	if !ok {
		return nil, engine.Errorf(engine.ENOTFOUND, "learner %q has not started module %q", learnerID, moduleID)
	}
	r := p.regs[id]
	return &r, nil
}

// LearnerRegistrations implements learning.ProgressStore.
func (p *Progress) LearnerRegistrations(_ context.Context, learnerID string) ([]learning.Registration, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []learning.Registration
	for _, r := range p.regs {
		if r.LearnerID == learnerID {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b learning.Registration) int { return a.StartedAt.Compare(b.StartedAt) })
	return out, nil
}

// SetCurrentObject implements learning.ProgressStore.
func (p *Progress) SetCurrentObject(_ context.Context, registrationID, objectID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.regs[registrationID]
	if !ok {
		return engine.Errorf(engine.ENOTFOUND, "no registration %q", registrationID)
	}
	r.CurrentObject = objectID
	p.regs[registrationID] = r
	return nil
}

// CompleteRegistration implements learning.ProgressStore; the statements
// are dropped.
func (p *Progress) CompleteRegistration(_ context.Context, registrationID string, end learning.RegistrationEnd, _ []xapi.Statement) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.regs[registrationID]
	switch {
	case !ok:
		return false, engine.Errorf(engine.ENOTFOUND, "no registration %q", registrationID)
	case r.CompletedAt != nil || r.FailedAt != nil:
		return false, nil
	}
	at := end.At
	if end.Failed {
		r.FailedAt = &at
	} else {
		r.CompletedAt, r.CompletedVersion = &at, end.Version
	}
	r.UpdatedAt = at
	p.regs[registrationID] = r
	return true, nil
}

// ObjectStates implements learning.ProgressStore.
func (p *Progress) ObjectStates(_ context.Context, registrationID string) ([]learning.ObjectState, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []learning.ObjectState
	for _, s := range p.states[registrationID] {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b learning.ObjectState) int { return strings.Compare(a.ObjectID, b.ObjectID) })
	return out, nil
}

// RecordInteraction implements learning.ProgressStore; the statements are
// dropped.
func (p *Progress) RecordInteraction(_ context.Context, s *learning.ObjectState, _ []xapi.Statement) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.regs[s.RegistrationID]; !ok {
		return engine.Errorf(engine.ENOTFOUND, "no registration %q", s.RegistrationID)
	}
	objects := p.states[s.RegistrationID]
	if objects == nil {
		objects = map[string]learning.ObjectState{}
		p.states[s.RegistrationID] = objects
	}
	if objects[s.ObjectID].Version != s.Version {
		return learning.StateConflict(s.RegistrationID, s.ObjectID)
	}
	s.Version++
	objects[s.ObjectID] = *s
	return nil
}
