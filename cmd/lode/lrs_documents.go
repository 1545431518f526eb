package main

import "github.com/lode-elearning/lode/engine"

// documentsService wires the xAPI document resources (State, Activity
// Profile, Agent Profile) and the Activities and Agents resources to the
// SQL backend, which keeps the documents beside the statements. Nil, and
// those resources answer 503, if the backend cannot.
func (a *app) documentsService() *engine.Documents {
	docs, ok := a.store.db.(engine.DocumentStore)
	defs, ok2 := a.store.db.(engine.DefinitionStore)
	if !ok || !ok2 {
		return nil
	}
	return &engine.Documents{Store: docs, Definitions: defs}
}
