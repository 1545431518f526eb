package postgres

// Size limits, so that a content type gone wrong is told so at once rather
// than slowing every page of its module, or filling the database.
const (
	// MaxStateBytes is the largest object state RecordInteraction stores. A
	// learner's state is a few answers, ticks or positions: kilobytes.
	MaxStateBytes = 1 << 20
	// MaxStatementBytes is the largest statement, as JSON, that is stored.
	MaxStatementBytes = 1 << 20
)
