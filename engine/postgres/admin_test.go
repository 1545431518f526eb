package postgres

import (
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/storetest"
)

// TestAdminStore gives each subtest a database of its own, unlike
// TestStores: the last-administrator rule counts every administrator.
func TestAdminStore(t *testing.T) {
	storetest.TestAdminStore(t, func(t *testing.T) admin.Store { return mustOwnDB(t, "lode_admin_") })
}
