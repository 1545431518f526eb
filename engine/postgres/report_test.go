package postgres

import (
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/storetest"
)

func TestReports(t *testing.T) {
	storetest.TestReports(t, func(t *testing.T) (storetest.Stores, admin.Reports) {
		db := MustOpenDB(t)
		return storetest.Stores{Learners: db, Progress: db, Statements: db, Certificates: db}, db
	})
}
