package authoring

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

// Editor is what the editor's pages do with drafts: every method checks
// who may do it, on which module.
type Editor struct {
	Store  Store
	Admins *admin.Admins // audit entries and their clock
}

// Actor is who is acting: a signed-in administrator and their site-wide
// role.
type Actor struct {
	Email string
	Role  admin.Role
}

// RoleOn is who's role on a module: their grant on it, or a site-wide
// reviewer's or administrator's role, whichever is greater. A site-wide
// author has no role on a module they were not given.
func (e *Editor) RoleOn(ctx context.Context, who Actor, moduleID string) (admin.Role, error) {
	grant, err := e.Store.GrantOf(ctx, who.Email, moduleID)
	if err != nil {
		return "", err
	}
	if who.Role.AtLeast(admin.RoleReviewer) {
		return who.Role.Max(grant), nil
	}
	return grant, nil
}

// may returns EFORBIDDEN unless who has at least want on moduleID.
func (e *Editor) may(ctx context.Context, who Actor, moduleID string, want admin.Role, what string) error {
	role, err := e.RoleOn(ctx, who, moduleID)
	if err != nil {
		return err
	}
	if !role.AtLeast(want) {
		return engine.Errorf(engine.EFORBIDDEN, "only a %s of module %q may %s", want, moduleID, what)
	}
	return nil
}

var moduleIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Create starts a draft of a new module from files. Any author may; a
// site-wide author is given the module. EINVALID for a bad id, ECONFLICT
// if the module has a draft.
func (e *Editor) Create(ctx context.Context, who Actor, moduleID string, files Files) (*Draft, error) {
	if !who.Role.AtLeast(admin.RoleAuthor) {
		return nil, engine.Errorf(engine.EFORBIDDEN, "only authors may start a module")
	}
	if !moduleIDPattern.MatchString(moduleID) {
		return nil, engine.FieldError("id", "%q is not a module id: lower-case letters, digits and hyphens, up to 64", moduleID)
	}
	d := &Draft{ModuleID: moduleID, Revision: 1, State: StateDraft, Files: files, UpdatedBy: who.Email, UpdatedAt: e.now()}
	var g *Grant
	if !who.Role.AtLeast(admin.RoleReviewer) {
		g = &Grant{Email: who.Email, ModuleID: moduleID, Role: admin.RoleAuthor}
	}
	return d, e.Store.CreateDraft(ctx, d, g, e.Admins.Entry(who.Email, "draft.create", moduleID, nil))
}

// Open starts a draft of a module that exists (written as files, or
// published before), from the files read returns: anyone with a role on
// the module may, and read is called only for them. ECONFLICT if it has a
// draft already.
func (e *Editor) Open(ctx context.Context, who Actor, moduleID string, read func() (Files, error)) (*Draft, error) {
	if err := e.may(ctx, who, moduleID, admin.RoleAuthor, "open it in the editor"); err != nil {
		return nil, err
	}
	files, err := read()
	if err != nil {
		return nil, err
	}
	d := &Draft{ModuleID: moduleID, Revision: 1, State: StateDraft, Files: files, UpdatedBy: who.Email, UpdatedAt: e.now()}
	return d, e.Store.CreateDraft(ctx, d, nil, e.Admins.Entry(who.Email, "draft.open", moduleID, nil))
}

// Drafts lists the drafts who has a role on, without their files: an
// author sees the modules given to them, not the whole site's work.
func (e *Editor) Drafts(ctx context.Context, who Actor) ([]Draft, error) {
	all, err := e.Store.Drafts(ctx)
	if err != nil || who.Role.AtLeast(admin.RoleReviewer) {
		return all, err
	}
	var mine []Draft
	for _, d := range all {
		role, err := e.Store.GrantOf(ctx, who.Email, d.ModuleID)
		if err != nil {
			return nil, err
		}
		if role != "" {
			mine = append(mine, d)
		}
	}
	return mine, nil
}

// Draft returns a draft who may read: any role on its module.
func (e *Editor) Draft(ctx context.Context, who Actor, moduleID string) (*Draft, error) {
	if err := e.may(ctx, who, moduleID, admin.RoleAuthor, "open its draft"); err != nil {
		return nil, err
	}
	return e.Store.Draft(ctx, moduleID)
}

// Save stores files as the draft's next revision, if the draft is still
// at from, the revision the author opened: otherwise ECONFLICT saying who
// changed it and when (a *Stale cause), and nothing is saved. A draft in
// review or approved goes back to draft: the change needs reviewing.
func (e *Editor) Save(ctx context.Context, who Actor, moduleID string, from int, files Files) (*Draft, error) {
	return e.change(ctx, who, moduleID, from, "save", func(d *Draft) error {
		d.Files, d.State = files, StateDraft
		return nil
	})
}

// Edit applies edit to the files of revision from, the one the author
// opened, and saves the result as Save does. It returns the files edited
// even when the save is refused, so that a conflict can show them.
func (e *Editor) Edit(ctx context.Context, who Actor, moduleID string, from int, edit func(Files) (Files, error)) (*Draft, Files, error) {
	if err := e.may(ctx, who, moduleID, admin.RoleAuthor, "save its draft"); err != nil {
		return nil, nil, err
	}
	opened, err := e.Store.Revision(ctx, moduleID, from)
	if err != nil {
		return nil, nil, err
	}
	files, err := edit(opened.Files)
	if err != nil {
		return nil, nil, err
	}
	d, err := e.Save(ctx, who, moduleID, from, files)
	return d, files, err
}

// Submit asks for review; only a draft may be submitted.
func (e *Editor) Submit(ctx context.Context, who Actor, moduleID string, from int) (*Draft, error) {
	return e.change(ctx, who, moduleID, from, "submit", moveFrom(StateDraft, StateInReview))
}

// Approve marks a draft in review as ready to publish; reviewers only.
func (e *Editor) Approve(ctx context.Context, who Actor, moduleID string, from int) (*Draft, error) {
	return e.change(ctx, who, moduleID, from, "approve", moveFrom(StateInReview, StateApproved))
}

// Return sends a draft in review back to its authors; reviewers only.
func (e *Editor) Return(ctx context.Context, who Actor, moduleID string, from int) (*Draft, error) {
	return e.change(ctx, who, moduleID, from, "return", moveFrom(StateInReview, StateDraft))
}

// needs is the least role each action takes.
var needs = map[string]admin.Role{
	"save": admin.RoleAuthor, "submit": admin.RoleAuthor,
	"approve": admin.RoleReviewer, "return": admin.RoleReviewer, "publish": admin.RoleReviewer,
}

func moveFrom(from, to State) func(*Draft) error {
	return func(d *Draft) error {
		if d.State != from {
			return engine.Errorf(engine.ECONFLICT, "the draft is %s, not %s", d.State, from)
		}
		d.State = to
		return nil
	}
}

// change reads the draft, checks who may do action, applies edit and
// commits it as the revision after from.
func (e *Editor) change(ctx context.Context, who Actor, moduleID string, from int, action string, edit func(*Draft) error) (*Draft, error) {
	if err := e.may(ctx, who, moduleID, needs[action], action+" its draft"); err != nil {
		return nil, err
	}
	d, err := e.Store.Draft(ctx, moduleID)
	if err != nil {
		return nil, err
	}
	if d.Revision != from {
		return nil, StaleError(d)
	}
	if err := edit(d); err != nil {
		return nil, err
	}
	entry := e.Admins.Entry(who.Email, "draft."+action, moduleID, map[string]string{"revision": fmt.Sprint(from + 1)})
	d.Revision, d.UpdatedBy, d.UpdatedAt = from+1, who.Email, entry.At
	if err := e.Store.CommitDraft(ctx, d, from, action, entry); err != nil {
		return nil, err
	}
	return d, nil
}

// Comment adds a remark to a draft at the revision read; any role on the
// module may (authors answer reviewers). EINVALID if empty.
func (e *Editor) Comment(ctx context.Context, who Actor, moduleID string, revision int, body string) (*Comment, error) {
	if err := e.may(ctx, who, moduleID, admin.RoleAuthor, "comment on its draft"); err != nil {
		return nil, err
	}
	if body == "" || len(body) > 10000 {
		return nil, engine.FieldError("comment", "must be 1 to 10000 characters")
	}
	c := &Comment{ModuleID: moduleID, Revision: revision, Author: who.Email, At: e.now(), Body: body}
	return c, e.Store.AddComment(ctx, c)
}

// History is a draft's revisions, newest first, and its comments.
func (e *Editor) History(ctx context.Context, who Actor, moduleID string) ([]Revision, []Comment, error) {
	if err := e.may(ctx, who, moduleID, admin.RoleAuthor, "read its history"); err != nil {
		return nil, nil, err
	}
	revs, err := e.Store.Revisions(ctx, moduleID)
	if err != nil {
		return nil, nil, err
	}
	comments, err := e.Store.Comments(ctx, moduleID)
	return revs, comments, err
}

// Compare is the diff between two revisions of a draft.
func (e *Editor) Compare(ctx context.Context, who Actor, moduleID string, from, to int) ([]FileDiff, error) {
	if err := e.may(ctx, who, moduleID, admin.RoleAuthor, "read its history"); err != nil {
		return nil, err
	}
	a, err := e.Store.Revision(ctx, moduleID, from)
	if err != nil {
		return nil, err
	}
	b, err := e.Store.Revision(ctx, moduleID, to)
	if err != nil {
		return nil, err
	}
	return Diff(a.Files, b.Files), nil
}

// Grant gives (or, with role "", takes away) a role on a module;
// administrators only.
func (e *Editor) Grant(ctx context.Context, who Actor, g Grant) error {
	if !who.Role.AtLeast(admin.RoleAdministrator) {
		return engine.Errorf(engine.EFORBIDDEN, "only administrators may give roles on modules")
	}
	if g.Role != "" {
		if _, err := admin.ParseRole("role", string(g.Role)); err != nil {
			return err
		}
	}
	email, err := admin.NormalEmail("email", g.Email)
	if err != nil {
		return err
	}
	g.Email = email
	return e.Store.SetGrant(ctx, g, e.Admins.Entry(who.Email, "module.grant", g.ModuleID, map[string]string{"email": g.Email, "role": string(g.Role)}))
}

func (e *Editor) now() time.Time { return e.Admins.Entry("", "", "", nil).At }
