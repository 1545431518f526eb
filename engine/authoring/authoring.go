// Package authoring is the module editor's side of Lode: drafts of
// modules written in the browser, their history, review comments, who may
// do what to which module, and publishing a draft as a new version. It
// holds the types, their rules and the store they need; engine/sqlstore
// keeps them and engine/http/admin serves the editor's pages.
package authoring

import (
	"context"
	"fmt"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

// State is where a draft is in the workflow.
type State string

// A draft is written (draft), submitted (in_review), approved by a
// reviewer (approved) and published as a version (published). Saving it
// again sends it back to draft: what was approved is no longer what is
// there.
const (
	StateDraft     State = "draft"
	StateInReview  State = "in_review"
	StateApproved  State = "approved"
	StatePublished State = "published"
)

// Files are a module folder's files by slash-separated path: module.yaml,
// the Markdown it inlines, its media.
type Files map[string][]byte

// Draft is a module being written, one per module id. Revision counts its
// saves and changes of state, from 1.
type Draft struct {
	ModuleID  string
	Revision  int
	State     State
	Files     Files
	UpdatedBy string
	UpdatedAt time.Time
}

// Revision is one save or change of state of a draft, kept whole. Files
// is nil in listings.
type Revision struct {
	ModuleID string
	Revision int
	Action   string // "create", "save", "submit", "approve", "return", "publish"
	State    State
	Files    Files
	Author   string
	At       time.Time
}

// Comment is a reviewer's (or author's) remark on a draft, at the
// revision they read.
type Comment struct {
	ID       int64
	ModuleID string
	Revision int
	Author   string
	At       time.Time
	Body     string
}

// Grant gives one administrator a role on one module, on top of their
// site-wide role.
type Grant struct {
	Email    string
	ModuleID string
	Role     admin.Role
}

// Store keeps drafts, their revisions, comments and grants. Every change
// of a draft writes its revision in the same transaction.
type Store interface {
	// CreateDraft stores d as revision 1 and grants its author g (nil: no
	// grant), with e; ECONFLICT if the module has a draft already.
	CreateDraft(ctx context.Context, d *Draft, g *Grant, e *admin.Entry) error
	// Draft returns one; ENOTFOUND if absent.
	Draft(ctx context.Context, moduleID string) (*Draft, error)
	// Drafts returns every draft without its files, by module id.
	Drafts(ctx context.Context) ([]Draft, error)
	// CommitDraft stores d as the revision after from, recording action
	// and e (nil: none), only if the draft is still at revision from:
	// otherwise ECONFLICT with a *Stale cause, and nothing is written.
	CommitDraft(ctx context.Context, d *Draft, from int, action string, e *admin.Entry) error
	// Revisions lists a draft's revisions without their files, newest
	// first.
	Revisions(ctx context.Context, moduleID string) ([]Revision, error)
	// Revision returns one with its files; ENOTFOUND if absent.
	Revision(ctx context.Context, moduleID string, n int) (*Revision, error)
	// AddComment stores c and sets its ID.
	AddComment(ctx context.Context, c *Comment) error
	// Comments lists a draft's comments, oldest first.
	Comments(ctx context.Context, moduleID string) ([]Comment, error)
	// SetGrant gives or (role "") takes away a role on a module, with e.
	SetGrant(ctx context.Context, g Grant, e *admin.Entry) error
	// Grants lists the grants on a module, by email.
	Grants(ctx context.Context, moduleID string) ([]Grant, error)
	// GrantOf returns an administrator's role on a module; "" if none.
	GrantOf(ctx context.Context, email, moduleID string) (admin.Role, error)
}

// Stale is why a save was refused: the draft changed since the copy it
// was made from was read.
type Stale struct {
	Revision int // the draft's revision now
	By       string
	At       time.Time
}

func (s *Stale) Error() string { return fmt.Sprintf("the draft is at revision %d", s.Revision) }

// StaleError is the ECONFLICT a store returns when a save names a
// revision the draft has moved past: it says who moved it, and when.
func StaleError(current *Draft) error {
	return &engine.Error{Code: engine.ECONFLICT,
		Message: fmt.Sprintf("changed by %s at %s since you opened it; your changes were not saved",
			current.UpdatedBy, current.UpdatedAt.UTC().Format("2006-01-02 15:04:05Z")),
		Err: &Stale{Revision: current.Revision, By: current.UpdatedBy, At: current.UpdatedAt}}
}
