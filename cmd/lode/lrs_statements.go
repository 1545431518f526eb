package main

import "github.com/lode-elearning/lode/engine"

// lrsService wires the statement side of the LRS: statements (timed by the
// metrics wrapper) and attachment contents, both in the SQL backend (each
// backend asserts it is an engine.AttachmentStore).
func (a *app) lrsService() *engine.LRS {
	l := &engine.LRS{Statements: a.store.statements, BaseURL: a.cfg.BaseURL}
	if atts, ok := a.store.db.(engine.AttachmentStore); ok {
		l.Attachments = atts
	}
	return l
}
