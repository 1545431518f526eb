package storetest

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

// TestAdminStore runs the contract of admin.Store. open returns a store
// of its own (a fresh database): the last-administrator rule counts every
// administrator in it.
func TestAdminStore(t *testing.T, open func(t *testing.T) admin.Store) {
	t.Run("Administrators", func(t *testing.T) { t.Parallel(); testAdministrators(t, open(t)) })
	t.Run("LastAdministrator", func(t *testing.T) { t.Parallel(); testLastAdministrator(t, open(t)) })
	t.Run("Sessions", func(t *testing.T) { t.Parallel(); testAdminSessions(t, open(t)) })
	t.Run("AuditLog", func(t *testing.T) { t.Parallel(); testAuditLog(t, open(t)) })
	t.Run("Publication", func(t *testing.T) { t.Parallel(); testPublication(t, open(t)) })
	t.Run("Tokens", func(t *testing.T) { t.Parallel(); testTokens(t, open(t)) })
	t.Run("LastAdministratorBesideAuthors", func(t *testing.T) { t.Parallel(); testLastBesideAuthors(t, open(t)) })
}

// testLastBesideAuthors: authors and reviewers cannot run the site, so
// they do not count as another administrator; they can be removed.
func testLastBesideAuthors(t *testing.T, s admin.Store) {
	ctx := t.Context()
	a, author := newAccount("a@library.example"), newAccount("ann@library.example")
	author.Role = admin.RoleAuthor
	must(t, s.CreateAdministrator(ctx, a, entry("admin.create", a.Email)))
	must(t, s.CreateAdministrator(ctx, author, entry("admin.create", author.Email)))
	wantCode(t, s.RemoveAdministrator(ctx, a.Email, entry("admin.remove", a.Email)), engine.ECONFLICT)
	must(t, s.RemoveAdministrator(ctx, author.Email, entry("admin.remove", author.Email)))
}

func newAccount(email string) *admin.Account {
	return &admin.Account{Administrator: admin.Administrator{Email: email, Role: admin.RoleAdministrator, CreatedAt: now()},
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"}
}

func entry(action, target string) *admin.Entry {
	return &admin.Entry{At: now(), Actor: admin.CLI, Action: action, Target: target, Details: json.RawMessage(`{"why": "test"}`)}
}

func testAdministrators(t *testing.T, s admin.Store) {
	ctx := t.Context()
	a := newAccount("ada-" + newID() + "@library.example")
	must(t, s.CreateAdministrator(ctx, a, entry("admin.create", a.Email)))
	got, err := s.AdministratorAccount(ctx, a.Email)
	must(t, err)
	sameJSON(t, "administrator", a, got)
	wantCode(t, s.CreateAdministrator(ctx, newAccount(a.Email), entry("admin.create", a.Email)), engine.ECONFLICT)
	_, err = s.AdministratorAccount(ctx, "nobody@library.example")
	wantCode(t, err, engine.ENOTFOUND)
	list, err := s.Administrators(ctx)
	must(t, err)
	if len(list) != 1 || list[0].Email != a.Email {
		t.Fatalf("administrators %+v, want only %s", list, a.Email)
	}
	log, err := s.AuditLog(ctx, 0, 10)
	must(t, err)
	if len(log) != 1 || log[0].Action != "admin.create" || log[0].Target != a.Email {
		t.Fatalf("audit log %+v, want the one creation (the conflict writes nothing)", log)
	}
}

func testLastAdministrator(t *testing.T, s admin.Store) {
	ctx := t.Context()
	a, b := newAccount("a@library.example"), newAccount("b@library.example")
	must(t, s.CreateAdministrator(ctx, a, entry("admin.create", a.Email)))
	must(t, s.CreateAdministrator(ctx, b, entry("admin.create", b.Email)))
	wantCode(t, s.RemoveAdministrator(ctx, "c@library.example", entry("admin.remove", "c")), engine.ENOTFOUND)

	// Two removals at once: one wins, the other finds the last one left.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, email := range []string{a.Email, b.Email} {
		wg.Go(func() { errs[i] = s.RemoveAdministrator(ctx, email, entry("admin.remove", email)) })
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("concurrent removals returned %v and %v, want one success and one conflict", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil {
			wantCode(t, err, engine.ECONFLICT)
		}
	}
	list, err := s.Administrators(ctx)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("administrators %+v, want one left", list)
	}
	log, err := s.AuditLog(ctx, 0, 10)
	must(t, err)
	if len(log) != 3 || log[0].Action != "admin.remove" {
		t.Fatalf("audit log %+v, want two creations and one removal: a refused removal writes nothing", log)
	}
}

func testAdminSessions(t *testing.T, s admin.Store) {
	ctx := t.Context()
	a := newAccount("ada@library.example")
	must(t, s.CreateAdministrator(ctx, a, entry("admin.create", a.Email)))
	live := &admin.Session{Email: a.Email, Role: admin.RoleAdministrator, CSRFToken: "csrf-" + newID(), ExpiresAt: now().Add(time.Hour)}
	must(t, s.CreateAdminSession(ctx, "live-hash", live))
	expired := &admin.Session{Email: a.Email, CSRFToken: "old", ExpiresAt: now().Add(-time.Second)}
	must(t, s.CreateAdminSession(ctx, "expired-hash", expired))

	got, err := s.AdminSession(ctx, "live-hash", now())
	must(t, err)
	sameJSON(t, "session", live, got)
	_, err = s.AdminSession(ctx, "expired-hash", now())
	wantCode(t, err, engine.ENOTFOUND)

	must(t, s.DeleteAdminSession(ctx, "live-hash"))
	_, err = s.AdminSession(ctx, "live-hash", now())
	wantCode(t, err, engine.ENOTFOUND)
	must(t, s.DeleteAdminSession(ctx, "live-hash")) // gone already: not an error

	t.Run("EndWithTheirAdministrator", func(t *testing.T) {
		b := newAccount("bob@library.example")
		must(t, s.CreateAdministrator(ctx, b, entry("admin.create", b.Email)))
		must(t, s.CreateAdminSession(ctx, "bob-hash", &admin.Session{Email: b.Email, CSRFToken: "x", ExpiresAt: now().Add(time.Hour)}))
		must(t, s.RemoveAdministrator(ctx, b.Email, entry("admin.remove", b.Email)))
		_, err := s.AdminSession(ctx, "bob-hash", now())
		wantCode(t, err, engine.ENOTFOUND)
	})
}

func testAuditLog(t *testing.T, s admin.Store) {
	ctx := t.Context()
	for i := range 5 {
		must(t, s.Audit(ctx, entry("module.publish", string(rune('a'+i)))))
	}
	first, err := s.AuditLog(ctx, 0, 3)
	must(t, err)
	if len(first) != 3 || first[0].Target != "e" || first[2].Target != "c" {
		t.Fatalf("first page %+v, want e, d, c: newest first", first)
	}
	sameJSON(t, "details", map[string]string{"why": "test"}, first[0].Details)
	next, err := s.AuditLog(ctx, first[2].ID, 3)
	must(t, err)
	if len(next) != 2 || next[0].Target != "b" || next[1].Target != "a" {
		t.Fatalf("second page %+v, want b, a", next)
	}
}

func testPublication(t *testing.T, s admin.Store) {
	ctx := t.Context()
	must(t, s.SetPublished(ctx, "copyright", false, entry("module.unpublish", "copyright")))
	must(t, s.SetPublished(ctx, "reference", false, entry("module.unpublish", "reference")))
	must(t, s.SetPublished(ctx, "reference", false, entry("module.unpublish", "reference"))) // again: no conflict
	must(t, s.SetPublished(ctx, "copyright", true, entry("module.publish", "copyright")))
	must(t, s.SetPublished(ctx, "never-hidden", true, entry("module.publish", "never-hidden")))
	ids, err := s.UnpublishedModules(ctx)
	must(t, err)
	if len(ids) != 1 || ids[0] != "reference" {
		t.Fatalf("unpublished %v, want [reference]", ids)
	}
	log, err := s.AuditLog(ctx, 0, 10)
	must(t, err)
	if len(log) != 5 || log[0].Target != "never-hidden" {
		t.Fatalf("audit log %+v, want one entry per change, newest first", log)
	}
}
