package sqlite

import (
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/storetest"
)

func TestAdminStore(t *testing.T) {
	storetest.TestAdminStore(t, func(t *testing.T) admin.Store { return MustOpenDB(t) })
}
