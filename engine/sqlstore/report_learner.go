package sqlstore

import (
	"context"

	"github.com/lode-elearning/lode/engine/admin"
)

// LearnerReport reads a learner, their registrations with each one's
// object states, and their certificates: a learner has few
// registrations, so a query per registration is cheap.
func (s *Store) LearnerReport(ctx context.Context, learnerID string) (*admin.LearnerReport, error) {
	l, err := s.Learner(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	regs, err := s.LearnerRegistrations(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	r := &admin.LearnerReport{Learner: *l}
	for _, reg := range regs {
		states, err := s.ObjectStates(ctx, reg.ID)
		if err != nil {
			return nil, err
		}
		m := admin.LearnerModule{Registration: reg}
		for _, st := range states {
			if st.Scaled != nil {
				m.Scores = append(m.Scores, st)
			}
		}
		r.Modules = append(r.Modules, m)
	}
	if r.Certificates, err = s.LearnerCertificates(ctx, l.ID); err != nil {
		return nil, err
	}
	return r, nil
}
