package learning

import "context"

// PeekCatalog is PeekProgress for each of mods, in order, read the way a
// catalog needs it: the learner's registrations in one query, then the
// states of only the modules they started, rather than a registration
// query per module shown. Like PeekProgress it never writes.
func (d *Delivery) PeekCatalog(ctx context.Context, learnerID string, mods []*Module) ([]*ModuleProgress, error) {
	regs, err := d.Progress.LearnerRegistrations(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	started := make(map[string]*Registration, len(regs)) // a learner has one registration per module
	for i := range regs {
		started[regs[i].ModuleID] = &regs[i]
	}
	out := make([]*ModuleProgress, len(mods))
	for i, m := range mods {
		reg := started[m.ID]
		if reg == nil {
			out[i] = newModuleProgress(m, nil, nil)
			continue
		}
		states, err := d.Progress.ObjectStates(ctx, reg.ID)
		if err != nil {
			return nil, err
		}
		out[i] = newModuleProgress(m, reg, states)
	}
	return out, nil
}
