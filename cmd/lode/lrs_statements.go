package main

import "github.com/lode-elearning/lode/engine/lrs"

// lrsService wires the statement side of the LRS: statements (timed by the
// metrics wrapper) and attachment contents, both in the SQL backend (each
// backend asserts it is an lrs.AttachmentStore).
func (a *app) lrsService() *lrs.Service {
	l := &lrs.Service{Statements: a.store.statements, BaseURL: a.cfg.BaseURL}
	if atts, ok := a.store.db.(lrs.AttachmentStore); ok {
		l.Attachments = atts
	}
	return l
}
