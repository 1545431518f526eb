package main

import "github.com/lode-elearning/lode/engine/lrs"

// documentsService wires the xAPI document resources (State, Activity
// Profile, Agent Profile) and the Activities and Agents resources to the
// SQL backend, which keeps the documents beside the statements. Nil, and
// those resources answer 503, if the backend cannot.
func (a *app) documentsService() *lrs.Documents {
	docs, ok := a.store.db.(lrs.DocumentStore)
	defs, ok2 := a.store.db.(lrs.DefinitionStore)
	if !ok || !ok2 {
		return nil
	}
	return &lrs.Documents{Store: docs, Definitions: defs}
}
