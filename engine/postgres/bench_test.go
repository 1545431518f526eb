package postgres

// Benchmarks of the statement store against the targets in
// docs/PERFORMANCE.md. testdata/pgbench/compare.sh runs them beside
// PostgreSQL's own insert rate (pgbench) for the same rows.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// BenchmarkStoreStatements stores batches of 100 statements as the engine
// makes them, from ten learners, each validated (xapi Validate) and stored
// with all its index rows. stmts/s is the figure to compare with
// pgbench's multi-row INSERT rate.
func BenchmarkStoreStatements(b *testing.B) { benchStoreBatches(b, true) }

// BenchmarkStoreStatementsPrevalidated is BenchmarkStoreStatements without
// Validate: what storing a batch costs once it is known to be valid, as a
// statement the LRS has just parsed is.
func BenchmarkStoreStatementsPrevalidated(b *testing.B) { benchStoreBatches(b, false) }

func benchStoreBatches(b *testing.B, validate bool) {
	db := MustOpenDB(b)
	const batch = 100
	for b.Loop() {
		b.StopTimer()
		stmts := make([]xapi.Statement, 0, batch)
		for l := range 10 {
			learner, reg := fmt.Sprintf("learner-%d", l), uuid.NewString()
			stmts = append(stmts, lodeStatements(batch/10, learner, reg, "reference-desk-basics", "check", "bench")...)
		}
		b.StartTimer()
		for i := range stmts {
			if !validate {
				break
			}
			if err := stmts[i].Validate(); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.StoreStatements(b.Context(), stmts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "stmts/s")
}

// benchClients is the number of learners writing at once in
// BenchmarkRecordInteractionParallel, as pgbench's -c 16.
const benchClients = 16

// BenchmarkRecordInteractionParallel has 16 learners interacting at once,
// each interaction storing the object's new state and one statement in one
// transaction (RecordInteraction), as a page or checklist does.
// interactions/s is the figure to compare with pgbench's single-row rate.
func BenchmarkRecordInteractionParallel(b *testing.B) {
	db := MustOpenDB(b)
	regs := make([]*learning.Registration, benchClients)
	for i := range regs {
		regs[i] = mustFaultRegistration(b, db)
	}
	b.SetParallelism((benchClients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	var next atomic.Int64
	commits := db.interactions.Batches.Load()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		client := int(next.Add(1) - 1)
		r := regs[client%len(regs)]
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: fmt.Sprintf("first-shift-%d", client)}
		for n := 0; pb.Next(); n++ {
			st.State = json.RawMessage(fmt.Sprintf(`{"ticked":["tour","policy"],"n":%d}`, n))
			stmts := lodeStatements(1, r.LearnerID, r.ID, r.ModuleID, st.ObjectID, "bench")
			if err := db.RecordInteraction(b.Context(), st, stmts); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "interactions/s")
	// Commits per interaction: how well group commit gathers them.
	b.ReportMetric(float64(db.interactions.Batches.Load()-commits)/float64(b.N), "commits/op")
}

// BenchmarkStoreBatch stores batches of 10 to 100 statements from
// one learner, one batch at a time: around copyMin, where a batch goes
// from the multi-row INSERT to COPY. Compare builds that differ in copyMin
// (docs/PERFORMANCE.md, "Hand-written code, measured").
func BenchmarkStoreBatch(b *testing.B) {
	db := MustOpenDB(b)
	for _, n := range []int{10, 15, 20, 25, 50, 100} {
		b.Run(fmt.Sprintf("rows%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				stmts := lodeStatements(n, "learner-batch", uuid.NewString(), "reference-desk-basics", "check", "bench")
				b.StartTimer()
				if err := db.StoreStatements(b.Context(), stmts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "stmts/s")
		})
	}
}

// BenchmarkStoreStatement has one LRS client posting one statement at a
// time (StoreStatements of one): the latency of the most common write.
func BenchmarkStoreStatement(b *testing.B) {
	db := MustOpenDB(b)
	reg := uuid.NewString()
	for b.Loop() {
		stmts := lodeStatements(1, "learner-serial", reg, "reference-desk-basics", "check", "bench")
		if err := db.StoreStatements(b.Context(), stmts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "stmts/s")
}

// BenchmarkStoreStatementParallel has 16 LRS clients each posting one
// statement at a time (StoreStatements of one): the single-row write of
// pgbench's row.sql, with Lode's checks and index rows.
func BenchmarkStoreStatementParallel(b *testing.B) {
	db := MustOpenDB(b)
	b.SetParallelism((benchClients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		learner, reg := fmt.Sprintf("learner-%d", next.Add(1)), uuid.NewString()
		for pb.Next() {
			stmts := lodeStatements(1, learner, reg, "reference-desk-basics", "check", "bench")
			if err := stmts[0].Validate(); err != nil {
				b.Error(err)
				return
			}
			if err := db.StoreStatements(b.Context(), stmts); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "stmts/s")
}

// BenchmarkQueryAgentActivity asks for the 50 newest statements of one
// agent about one activity among a million statements (seed1M), the query
// of a learner's transcript; it reports the latency percentiles.
func BenchmarkQueryAgentActivity(b *testing.B) {
	db := benchDB1M(b)
	benchAgentActivity(b, func(f lrs.StatementFilter) (int, error) {
		stmts, _, err := db.Statements(b.Context(), f)
		return len(stmts), err
	})
}

// BenchmarkQueryAgentActivityDocs is BenchmarkQueryAgentActivity reading
// the stored documents, as a GET in format exact does: the query without
// decoding a statement.
func BenchmarkQueryAgentActivityDocs(b *testing.B) {
	db := benchDB1M(b)
	benchAgentActivity(b, func(f lrs.StatementFilter) (int, error) {
		docs, _, err := db.StatementDocs(b.Context(), f)
		return len(docs), err
	})
}

// benchAgentActivity runs query for random seeded pairs and reports its
// latency percentiles.
func benchAgentActivity(b *testing.B, query func(lrs.StatementFilter) (int, error)) {
	rng := rand.New(rand.NewPCG(1, 2))
	lat := make([]time.Duration, 0, 1<<16)
	var rows int
	for b.Loop() {
		agent, activity := seedPair(rng)
		start := time.Now()
		n, err := query(lrs.StatementFilter{Agent: agent, Activity: activity, Limit: 50})
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	if rows/b.N != seedPerPair {
		b.Fatalf("%d statements per page on average, want %d: the seed is not what the benchmark expects", rows/b.N, seedPerPair)
	}
	reportLatency(b, lat)
}

// reportLatency reports the median and 99th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
