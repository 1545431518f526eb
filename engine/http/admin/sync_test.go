package admin_test

import (
	"context"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

// Sync reloads the modules only for entries that change what is served
// (an import, a publish, an unpublish), not for every audited change: a
// draft saved or a token made on another server costs no reload.
func TestSyncReloadsOnlyWhatChanged(t *testing.T) {
	s := mustSite(t)
	ctx := context.Background()
	reloads := 0
	s.server.Reload = func(context.Context) []*learning.Module { reloads++; return s.catalog.Modules() }
	audit := func(action string) {
		t.Helper()
		if err := s.server.Admins.Audit(ctx, admin.CLI, action, "copyright", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.server.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	audit("draft.save")
	audit("token.create")
	if reloads != 0 {
		t.Fatalf("%d reloads for a draft saved and a token made, want 0", reloads)
	}
	audit("module.import")
	if reloads != 1 {
		t.Fatalf("%d reloads after an import, want 1", reloads)
	}
	if err := s.server.Sync(ctx); err != nil || reloads != 1 {
		t.Fatalf("a sync with nothing new reloaded (%d, %v)", reloads, err)
	}
}
