package pluginhost

// Restart stops the named content type's process so that its supervisor
// starts it again at once, from the executable now on disk (checked
// against its pin, as at every start): how the workbench picks up a
// rebuilt plugin. Calls meanwhile are EUNAVAILABLE, as during any restart.
func (h *Host) Restart(name string) error {
	p, err := h.plugin(name)
	if err != nil {
		return err
	}
	p.mu.Lock()
	client := p.client
	p.requested = true
	p.mu.Unlock()
	if client != nil {
		client.Kill()
	}
	return nil
}

// restartRequested reports, once, whether Restart stopped the process.
func (s *supervisor) restartRequested() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.requested
	s.requested = false
	return r
}
