package postgres

import (
	"testing"

	"github.com/lode-elearning/lode/engine/storetest"
)

func TestLimits(t *testing.T) {
	storetest.TestLimits(t, func(t *testing.T) storetest.Stores {
		db := MustOpenDB(t)
		return storetest.Stores{Learners: db, Progress: db, Statements: db}
	}, storetest.Limits{StateBytes: MaxStateBytes, StatementBytes: MaxStatementBytes})
}
