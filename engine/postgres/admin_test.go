package postgres

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/storetest"
)

// TestAdminStore gives each subtest a database of its own, unlike
// TestStores: the last-administrator rule counts every administrator.
func TestAdminStore(t *testing.T) {
	storetest.TestAdminStore(t, func(t *testing.T) admin.Store {
		base := storetest.PostgresURL(t)
		name := "lode_admin_" + strings.ToLower(rand.Text()[:12])
		u, err := storetest.CreatePostgresDatabase(t.Context(), base, name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := storetest.DropPostgresDatabase(context.Background(), base, name); err != nil {
				t.Error(err)
			}
		})
		db, err := Open(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		return db
	})
}
