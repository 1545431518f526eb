package main

import "github.com/lode-elearning/lode/engine/lrs"

// lrsService wires the statement side of the LRS: statements and
// attachment contents, both in the database.
func (a *app) lrsService() *lrs.Service {
	return &lrs.Service{Statements: a.store.db, Attachments: a.store.db, BaseURL: a.cfg.BaseURL}
}
