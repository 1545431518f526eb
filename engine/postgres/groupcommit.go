package postgres

import "github.com/lode-elearning/lode/engine/sqlstore"

// Group commit (sqlstore.Committer, which see): single statements and
// learner interactions written at the same time are committed together.

const (
	// groupSlots is how many batches may be committing at once: enough
	// to keep PostgreSQL's two cores busy while the next batch gathers,
	// few enough that batches form instead of every writer taking a
	// slot. With 2 slots, 16 writers stored 0.6-0.9 times the statements
	// per second they did one commit each; with 8, 0.9-1.1
	// (docs/PERFORMANCE.md, "Group commit").
	groupSlots = 8
	// interactionSlots is groupSlots for learner interactions. An
	// interaction's transaction is several statements (states, then
	// statements), and PostgreSQL's CPU per interaction fell with fewer,
	// larger batches: at 16 learners, 0.85 ms with 8 slots (1.6
	// interactions a commit), 0.52 ms with 2 (4.6 a commit), against
	// 0.92-1.08 ms one commit each (docs/PERFORMANCE.md, "Learner interactions committed together").
	interactionSlots = 2
	// groupMax is the most writes in one batch: one INSERT's worth of
	// statements.
	groupMax = insertRows
)

// errAlone and each are sqlstore's, named short for the Together
// functions here.
var (
	errAlone = sqlstore.ErrAlone
	each     = sqlstore.Each
)
