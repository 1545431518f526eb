package engine

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/xapi"
)

// LearnerStore keeps learners.
type LearnerStore interface {
	// CreateLearner stores a new learner; ECONFLICT if the id is taken.
	CreateLearner(ctx context.Context, l *Learner) error
	// Learner returns a learner; ENOTFOUND if there is none with that id.
	Learner(ctx context.Context, id string) (*Learner, error)
	// UpdateLearner changes name and email; ENOTFOUND if absent.
	UpdateLearner(ctx context.Context, l *Learner) error
}

// ProgressStore keeps registrations and learner state per object.
type ProgressStore interface {
	// EnsureRegistration returns the learner's registration for the module,
	// creating it with r's fields if there is none. Safe under concurrency:
	// two callers get the same registration.
	EnsureRegistration(ctx context.Context, r *Registration) (*Registration, error)
	// FindRegistration returns the learner's registration for a module
	// without creating one; ENOTFOUND if the learner never started it.
	FindRegistration(ctx context.Context, learnerID, moduleID string) (*Registration, error)
	// Registration returns one registration by id; ENOTFOUND if absent.
	Registration(ctx context.Context, id string) (*Registration, error)
	// SetCurrentObject records where the learner is, for resuming.
	SetCurrentObject(ctx context.Context, registrationID, objectID string) error
	// CompleteRegistration marks the registration completed at t, once,
	// and stores stmts (the module's completed statement) in the same
	// transaction. It reports whether this call completed it: a later call,
	// or one that lost a race, changes nothing and stores nothing, so that a
	// module is completed once with one statement. ENOTFOUND if the
	// registration does not exist.
	CompleteRegistration(ctx context.Context, registrationID string, t time.Time, stmts []xapi.Statement) (bool, error)
	// ObjectStates returns every stored object state of a registration.
	ObjectStates(ctx context.Context, registrationID string) ([]ObjectState, error)
	// ObjectState returns one object state; ENOTFOUND if never stored.
	ObjectState(ctx context.Context, registrationID, objectID string) (*ObjectState, error)
	// RecordInteraction stores an object's new state and the statements the
	// interaction produced in one transaction: all or nothing. s.Version must
	// be the version read (0 if none); ECONFLICT if it changed meanwhile. On
	// success s.Version is the new version.
	RecordInteraction(ctx context.Context, s *ObjectState, stmts []xapi.Statement) error
}

// StatementStore keeps xAPI statements.
//
// LRS statement resource (0004): StatementByID, the StatementFilter fields
// RelatedActivities, RelatedAgents and the voiding rules below were added for
// /xapi/statements; AttachmentStore is new beside it.
type StatementStore interface {
	// StoreStatements stores statements that already have id and stored set.
	// A statement whose id exists with the same content is accepted
	// (idempotent); with different content it is ECONFLICT and nothing of the
	// batch is stored. A voiding statement (verb xapi.VoidedVerb, object a
	// StatementRef) marks its target voided, now or when the target arrives
	// later; EINVALID if its target is itself a voiding statement.
	StoreStatements(ctx context.Context, stmts []xapi.Statement) error
	// Statement returns one statement by id, voided or not; ENOTFOUND if
	// absent.
	Statement(ctx context.Context, id string) (*xapi.Statement, error)
	// StatementByID returns one statement by id if its voided state is
	// voided: StatementByID(id, false) is xAPI's statementId,
	// StatementByID(id, true) its voidedStatementId. ENOTFOUND otherwise.
	StatementByID(ctx context.Context, id string, voided bool) (*xapi.Statement, error)
	// Statements returns statements matching f, newest stored first unless
	// f.Ascending, and a cursor for the next page ("" when no more). Voided
	// statements are never listed; a statement whose object is a
	// StatementRef matches the agent, verb, activity and registration
	// filters when its target (or its target's target...) does.
	Statements(ctx context.Context, f StatementFilter) ([]xapi.Statement, string, error)
}

// StatementFilter selects statements, as the xAPI GET /statements
// parameters do.
type StatementFilter struct {
	// Agent is an agent's IFI (xapi.Agent.IFI): statements whose actor or
	// object is that agent, or a group with that agent as a member.
	Agent string
	// RelatedAgents widens Agent to the authority, context instructor and
	// team, 2.0 context agents and groups, and all of these in a
	// SubStatement.
	RelatedAgents bool
	// Authority is an agent's IFI: only statements whose authority is that
	// agent or a group with it as a member (the statements/read/mine scope).
	Authority string
	Verb      string
	// Activity selects statements whose object is the activity.
	Activity string
	// RelatedActivities widens Activity to context activities and the
	// object and context activities of a SubStatement.
	RelatedActivities bool
	Registration      string
	Since, Until      *time.Time // stored after Since, at or before Until
	Limit             int        // 0 means the store's default
	Ascending         bool
	Cursor            string // from a previous page
}

// Attachment is the content of statement attachments that have the same
// SHA-256 (lower-case hex in SHA2): stored once however many statements
// carry it. Its content type is in each statement's attachment metadata.
type Attachment struct {
	SHA2    string
	Content []byte
}

// AttachmentStore keeps the content of statement attachments (xAPI
// attachments without a fileUrl), by hash.
type AttachmentStore interface {
	// StoreAttachments stores attachment contents; storing content already
	// stored is not an error. EINVALID if a SHA2 is not the SHA-256 of its
	// content.
	StoreAttachments(ctx context.Context, atts []Attachment) error
	// Attachments returns the stored contents with the given hashes, in no
	// particular order; hashes not stored are left out.
	Attachments(ctx context.Context, sha2s []string) ([]Attachment, error)
}

// SessionStore keeps sessions.
type SessionStore interface {
	// CreateSession stores a new session.
	CreateSession(ctx context.Context, s *Session) error
	// Session returns a live session; ENOTFOUND if absent or expired.
	Session(ctx context.Context, id string) (*Session, error)
	// TouchSession extends a session's expiry (sliding expiry).
	TouchSession(ctx context.Context, id string, expiresAt time.Time) error
	// DeleteSession ends one session. Deleting an absent session is not an error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteLearnerSessions ends every session of a learner (log out everywhere).
	DeleteLearnerSessions(ctx context.Context, learnerID string) error
}
