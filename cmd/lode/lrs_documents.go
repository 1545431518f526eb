package main

import "github.com/lode-elearning/lode/engine/lrs"

// documentsService wires the xAPI document resources (State, Activity
// Profile, Agent Profile) and the Activities and Agents resources to the
// database, which keeps the documents beside the statements.
func (a *app) documentsService() *lrs.Documents {
	return &lrs.Documents{Store: a.store.db, Definitions: a.store.db}
}
