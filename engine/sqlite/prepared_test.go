package sqlite

import (
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/sqlstore"
)

// TestStatements: a query is prepared once and then reused; a query that
// cannot be prepared, or one asked for after Close, runs unprepared (nil),
// and the store's reads still answer once its statements are closed.
func TestStatements(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	var c sqlstore.Statements
	const q = `SELECT count(*) FROM learners WHERE id = ?`
	first := c.Get(ctx, db.read, q)
	if first == nil || c.Get(ctx, db.read, q) != first {
		t.Fatal("a query was not prepared once and reused")
	}
	var n int
	if err := first.GetContext(ctx, &n, "nobody"); err != nil || n != 0 {
		t.Fatalf("the prepared query answered %d, %v", n, err)
	}
	if c.Get(ctx, db.read, `SELECT nothing FROM nowhere`) != nil {
		t.Error("a query that cannot be prepared was given a statement")
	}
	c.Close()
	if c.Get(ctx, db.read, `SELECT 1`) != nil {
		t.Error("a query was prepared after Close")
	}

	t.Run("ReadsAfterClose", func(t *testing.T) {
		l := &learning.Learner{ID: "ann"}
		if err := db.CreateLearner(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Learner(ctx, l.ID); err != nil { // prepared
			t.Fatal(err)
		}
		db.Store.Close()
		if got, err := db.Learner(ctx, l.ID); err != nil || got.ID != l.ID { // unprepared
			t.Fatalf("after Close: %v, %v", got, err)
		}
	})
}
