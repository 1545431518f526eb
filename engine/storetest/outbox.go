package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// testOutbox checks the forwarding outbox. Its subtests do not run in
// parallel: the set of active forward targets is global to a database.
// Other tests sharing the database may queue their statements too, so
// checks look only at the statements each subtest stores.
func testOutbox(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("QueuesEveryStatementStoredInOrder", func(t *testing.T) {
		s := open(t)
		targets := mustTargets(t, s, 2)
		r := mustRegistration(t, s)
		first := []xapi.Statement{newStatement(r, "q1"), newStatement(r, "q2")}
		mustStore(t, s, first...)
		viaProgress := newStatement(r, "q3")
		must(t, s.Progress.RecordInteraction(t.Context(),
			&learning.ObjectState{RegistrationID: r.ID, ObjectID: "q3", State: json.RawMessage(`{}`)}, []xapi.Statement{viaProgress}))
		mustStore(t, s, first[0]) // stored again, unchanged: not queued again
		want := append(first, viaProgress)
		for _, target := range targets {
			items := pending(t, s, target, want)
			if len(items) != len(want) {
				t.Fatalf("%s: %d of the statements pending, want %d", target, len(items), len(want))
			}
			var st xapi.Statement
			must(t, json.Unmarshal(items[0].Statement, &st))
			sameJSON(t, "queued statement", first[0], st)
		}
	})

	t.Run("QueuesLargeBatchesInOrder", func(t *testing.T) {
		// Batches of the size LRS clients send, which a store may write
		// another way (PostgreSQL: COPY), are queued whole, in batch order,
		// and a statement already stored is not queued again.
		s := open(t)
		targets := mustTargets(t, s, 2)
		batch := batchOf(30)
		mustStore(t, s, batch[0])
		mustStore(t, s, batch...)
		for _, target := range targets {
			pending(t, s, target, batch, batch...)
		}
	})

	t.Run("OnlyActiveTargetsGetNewStatements", func(t *testing.T) {
		s := open(t)
		old := mustTargets(t, s, 1)[0]
		r := mustRegistration(t, s)
		before := newStatement(r, "q1")
		mustStore(t, s, before)
		current := mustTargets(t, s, 1)[0]
		after := newStatement(r, "q2")
		mustStore(t, s, after)
		pending(t, s, old, []xapi.Statement{before, after}, before)
		pending(t, s, current, []xapi.Statement{before, after}, after)
	})

	t.Run("DeliveredFailedRejected", func(t *testing.T) {
		s := open(t)
		target := mustTargets(t, s, 1)[0]
		r := mustRegistration(t, s)
		st := []xapi.Statement{newStatement(r, "q1"), newStatement(r, "q2"), newStatement(r, "q3"), newStatement(r, "q4")}
		for i := range st {
			at := now().Add(time.Duration(i-10) * time.Second)
			st[i].Stored = &at
		}
		mustStore(t, s, st...)
		items := pending(t, s, target, st, st...)

		must(t, s.Outbox.ForwardsDelivered(t.Context(), []int64{items[0].Seq}))
		must(t, s.Outbox.ForwardsFailed(t.Context(), []int64{items[1].Seq, items[2].Seq}, "503 from the remote"))
		must(t, s.Outbox.ForwardRejected(t.Context(), items[3].Seq, "400: bad statement"))
		must(t, s.Outbox.ForwardsDelivered(t.Context(), nil))
		left := pending(t, s, target, st, st[1], st[2])
		if left[0].Attempts != 1 || left[1].Attempts != 1 {
			t.Fatalf("attempts %d and %d after one failure, want 1", left[0].Attempts, left[1].Attempts)
		}
		b, err := s.Outbox.ForwardBacklog(t.Context(), target)
		must(t, err)
		if b.Pending != 2 || b.Rejected != 1 || b.Oldest == nil || !b.Oldest.Equal(*st[1].Stored) {
			t.Fatalf("backlog %+v (oldest %v), want 2 pending, 1 rejected, oldest %v", b, b.Oldest, st[1].Stored)
		}
		must(t, s.Outbox.ForwardsDelivered(t.Context(), []int64{left[0].Seq, left[1].Seq}))
		if b, err = s.Outbox.ForwardBacklog(t.Context(), target); err != nil || b.Pending != 0 || b.Oldest != nil {
			t.Fatalf("backlog %+v, %v after delivering everything, want nothing pending", b, err)
		}
	})

	t.Run("Lease", func(t *testing.T) {
		s := open(t)
		target := mustTargets(t, s, 1)[0]
		ctx := t.Context()
		lease := func(owner string, ttl time.Duration, want bool) {
			t.Helper()
			got, err := s.Outbox.LeaseForwardTarget(ctx, target, owner, ttl)
			must(t, err)
			if got != want {
				t.Fatalf("%s leasing: got %v, want %v", owner, got, want)
			}
		}
		lease("server-1", time.Minute, true)
		lease("server-2", time.Minute, false)
		lease("server-1", time.Minute, true)  // renewal
		lease("server-1", -time.Second, true) // let it lapse
		lease("server-2", time.Minute, true)
		lease("server-1", time.Minute, false)
		_, err := s.Outbox.LeaseForwardTarget(ctx, "https://nowhere-"+newID()+".example/xapi", "server-1", time.Minute)
		wantCode(t, err, engine.ENOTFOUND)
	})
}

// mustTargets makes n new endpoints the only active forward targets, until
// the test ends.
func mustTargets(t testing.TB, s Stores, n int) []string {
	t.Helper()
	var out []string
	for range n {
		out = append(out, "https://lrs-"+newID()+".example/xapi")
	}
	must(t, s.Outbox.SetForwardTargets(t.Context(), out))
	// t.Context is canceled before cleanups run.
	t.Cleanup(func() { must(t, s.Outbox.SetForwardTargets(context.Background(), nil)) })
	return out
}

// pending returns the items pending for target that are among mine, and
// fails unless they are want, in that order (with want given).
func pending(t testing.TB, s Stores, target string, mine []xapi.Statement, want ...xapi.Statement) []lrs.ForwardItem {
	t.Helper()
	items, err := s.Outbox.PendingForwards(t.Context(), target, 1000)
	must(t, err)
	var got []lrs.ForwardItem
	var ids []string
	for _, it := range items {
		if slices.ContainsFunc(mine, func(st xapi.Statement) bool { return st.ID == it.StatementID }) {
			got, ids = append(got, it), append(ids, it.StatementID)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq <= got[i-1].Seq {
			t.Fatalf("%s: pending items out of order: %v", target, got)
		}
	}
	if want != nil {
		var wantIDs []string
		for _, st := range want {
			wantIDs = append(wantIDs, st.ID)
		}
		if !slices.Equal(ids, wantIDs) {
			t.Fatalf("%s: pending %v, want %v", target, ids, wantIDs)
		}
	}
	return got
}
