// Package engine is Lode's kernel: the one error type every layer returns
// and the codes the HTTP layer maps to statuses. The two products live
// below it: engine/learning (modules, delivery, progress, learners,
// sessions) and engine/lrs (the xAPI Learning Record Store). Adapters
// (sqlite, postgres, redis, pluginhost, http) import those, never the
// other way round, and cmd/lode wires them together.
package engine
