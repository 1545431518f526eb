package storetest

import (
	"errors"
	"sync"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
)

// AuthoringStore is what the editor keeps: drafts beside administrators,
// whom grants name.
type AuthoringStore interface {
	admin.Store
	authoring.Store
}

// TestAuthoringStore runs the contract of authoring.Store.
func TestAuthoringStore(t *testing.T, open func(t *testing.T) AuthoringStore) {
	t.Run("Drafts", func(t *testing.T) { t.Parallel(); testDrafts(t, open(t)) })
	t.Run("StaleSave", func(t *testing.T) { t.Parallel(); testStaleSave(t, open(t)) })
	t.Run("RacingSaves", func(t *testing.T) { t.Parallel(); testRacingSaves(t, open(t)) })
	t.Run("CommentsAndGrants", func(t *testing.T) { t.Parallel(); testCommentsAndGrants(t, open(t)) })
}

func newDraft(t *testing.T, s AuthoringStore, by string) *authoring.Draft {
	t.Helper()
	d := &authoring.Draft{ModuleID: "m-" + newID()[:8], Revision: 1, State: authoring.StateDraft, UpdatedBy: by, UpdatedAt: now(),
		Files: authoring.Files{"module.yaml": []byte("id: x\n"), "media/a.png": {0x89, 'P', 'N', 'G', 0, 0xff}}}
	must(t, s.CreateDraft(t.Context(), d, nil, entry("draft.create", d.ModuleID)))
	return d
}

// saved is d edited by who, to be committed from its revision.
func saved(d *authoring.Draft, who, yaml string) *authoring.Draft {
	e := *d
	e.Files = authoring.Files{"module.yaml": []byte(yaml)}
	e.UpdatedBy, e.UpdatedAt = who, now()
	return &e
}

func testDrafts(t *testing.T, s AuthoringStore) {
	ctx := t.Context()
	d := newDraft(t, s, "ann@library.example")
	got, err := s.Draft(ctx, d.ModuleID)
	must(t, err)
	sameJSON(t, "draft", d, got)
	wantCode(t, s.CreateDraft(ctx, d, nil, entry("draft.create", d.ModuleID)), engine.ECONFLICT)
	_, err = s.Draft(ctx, "absent")
	wantCode(t, err, engine.ENOTFOUND)

	must(t, s.CommitDraft(ctx, saved(d, "ann@library.example", "id: y\n"), 1, "save", nil))
	list, err := s.Drafts(ctx)
	must(t, err)
	if len(list) != 1 || list[0].Revision != 2 || list[0].Files != nil {
		t.Fatalf("drafts %+v, want one at revision 2, without files", list)
	}
	revs, err := s.Revisions(ctx, d.ModuleID)
	must(t, err)
	if len(revs) != 2 || revs[0].Revision != 2 || revs[0].Action != "save" || revs[1].Action != "create" {
		t.Fatalf("revisions %+v, want 2 (save) then 1 (create)", revs)
	}
	first, err := s.Revision(ctx, d.ModuleID, 1)
	must(t, err)
	sameJSON(t, "revision 1's files", d.Files, first.Files)
	_, err = s.Revision(ctx, d.ModuleID, 3)
	wantCode(t, err, engine.ENOTFOUND)
}

// testStaleSave is two authors who opened revision 1: the second save
// is refused, names the first author, and writes nothing.
func testStaleSave(t *testing.T, s AuthoringStore) {
	ctx := t.Context()
	d := newDraft(t, s, "ann@library.example")
	first := saved(d, "ann@library.example", "id: ann\n")
	must(t, s.CommitDraft(ctx, first, 1, "save", nil))
	err := s.CommitDraft(ctx, saved(d, "bob@library.example", "id: bob\n"), 1, "save", entry("draft.save", d.ModuleID))
	wantCode(t, err, engine.ECONFLICT)
	var stale *authoring.Stale
	if !errors.As(err, &stale) || stale.By != "ann@library.example" || stale.Revision != 2 || !stale.At.Equal(first.UpdatedAt) {
		t.Fatalf("conflict %v (%+v), want one naming ann at revision 2", err, stale)
	}
	got, err := s.Draft(ctx, d.ModuleID)
	must(t, err)
	if string(got.Files["module.yaml"]) != "id: ann\n" || got.Revision != 2 {
		t.Fatalf("draft %+v, want ann's save kept", got)
	}
	if revs, _ := s.Revisions(ctx, d.ModuleID); len(revs) != 2 {
		t.Fatalf("%d revisions, want 2: the refused save is not history", len(revs))
	}
}

// testRacingSaves is many saves from one revision at once: one wins.
func testRacingSaves(t *testing.T, s AuthoringStore) {
	d := newDraft(t, s, "ann@library.example")
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			errs[i] = s.CommitDraft(t.Context(), saved(d, "author@library.example", "id: racer\n"), 1, "save", nil)
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch engine.ErrorCode(err) {
		case "":
			won++
		case engine.ECONFLICT, engine.EUNAVAILABLE: // SQLite may refuse a writer it cannot wait for
		default:
			t.Fatalf("save: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d saves from revision 1 succeeded, want exactly 1", won)
	}
}

func testCommentsAndGrants(t *testing.T, s AuthoringStore) {
	ctx := t.Context()
	d := newDraft(t, s, "ann@library.example")
	c := &authoring.Comment{ModuleID: d.ModuleID, Revision: 1, Author: "rita@library.example", At: now(), Body: "Cite the statute."}
	must(t, s.AddComment(ctx, c))
	list, err := s.Comments(ctx, d.ModuleID)
	must(t, err)
	if len(list) != 1 || list[0].ID == 0 || list[0].Body != c.Body {
		t.Fatalf("comments %+v, want the one added", list)
	}
	wantCode(t, s.AddComment(ctx, &authoring.Comment{ModuleID: "absent", At: now(), Body: "x"}), engine.ENOTFOUND)

	a := newAccount("ann-" + newID()[:8] + "@library.example")
	must(t, s.CreateAdministrator(ctx, a, entry("admin.create", a.Email)))
	wantCode(t, s.SetGrant(ctx, authoring.Grant{Email: "nobody@library.example", ModuleID: d.ModuleID, Role: admin.RoleAuthor}, entry("module.grant", d.ModuleID)), engine.EINVALID)
	for _, role := range []admin.Role{admin.RoleAuthor, admin.RoleReviewer, ""} {
		must(t, s.SetGrant(ctx, authoring.Grant{Email: a.Email, ModuleID: d.ModuleID, Role: role}, entry("module.grant", d.ModuleID)))
		got, err := s.GrantOf(ctx, a.Email, d.ModuleID)
		must(t, err)
		if got != role {
			t.Fatalf("role %q, want %q", got, role)
		}
	}
}
