package lrs

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// StatementStore keeps xAPI statements.
//
// LRS statement resource (0004): StatementByID, the StatementFilter fields
// RelatedActivities, RelatedAgents and the voiding rules below were added for
// /xapi/statements; AttachmentStore is new beside it.
type StatementStore interface {
	// StoreStatements stores statements that already have id and stored set.
	// A statement whose id exists with the same content is accepted
	// (idempotent); with different content it is engine.ECONFLICT and nothing of the
	// batch is stored. A voiding statement (verb xapi.VoidedVerb, object a
	// StatementRef) marks its target voided, now or when the target arrives
	// later; engine.EINVALID if its target is itself a voiding statement.
	StoreStatements(ctx context.Context, stmts []xapi.Statement) error
	// StatementByID returns one statement by id if its voided state is
	// voided: StatementByID(id, false) is xAPI's statementId,
	// StatementByID(id, true) its voidedStatementId. engine.ENOTFOUND otherwise.
	StatementByID(ctx context.Context, id string, voided bool) (*xapi.Statement, error)
	// Statements returns statements matching f, newest stored first unless
	// f.Ascending, and a cursor for the next page ("" when no more). Voided
	// statements are never listed; a statement whose object is a
	// StatementRef matches the agent, verb, activity and registration
	// filters when its target (or its target's target...) does.
	Statements(ctx context.Context, f StatementFilter) ([]xapi.Statement, string, error)
	// StatementDocs is Statements answering with the stored documents,
	// unread: the LRS writes a page from them without decoding a statement
	// (issue 15).
	StatementDocs(ctx context.Context, f StatementFilter) ([]StoredStatement, string, error)
	// StatementDocByID is StatementByID answering with the stored document.
	StatementDocByID(ctx context.Context, id string, voided bool) (*StoredStatement, error)
}

// StoredStatement is a statement as a store keeps it.
type StoredStatement struct {
	// Doc is the JSON document EncodeStored made, without whitespace. A
	// store may give the same members in another order and the same
	// numbers in another notation: PostgreSQL's jsonb keeps its own.
	Doc    []byte
	Stored time.Time
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
	// stored is not an error. engine.EINVALID if a SHA2 is not the SHA-256 of its
	// content.
	StoreAttachments(ctx context.Context, atts []Attachment) error
	// Attachments returns the stored contents with the given hashes, in no
	// particular order; hashes not stored are left out.
	Attachments(ctx context.Context, sha2s []string) ([]Attachment, error)
}
