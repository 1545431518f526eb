package sqlite

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/learning"
)

// benchClients is the number of writers at once in the parallel
// benchmarks, as pgbench's -c 16 in engine/postgres's.
const benchClients = 16

// BenchmarkStoreStatementParallel has 16 clients each storing one
// statement at a time, as quiz answers and LRS clients' single POSTs do.
// commits/op is how well group commit gathers them; cpu-µs/op is the
// process's CPU per statement (SQLite runs in it).
func BenchmarkStoreStatementParallel(b *testing.B) {
	db := MustOpenDB(b)
	b.SetParallelism((benchClients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	c := commits(&db.group)
	cpu := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		reg := uuid.NewString()
		for pb.Next() {
			if err := db.StoreStatements(b.Context(), answers(1, reg, "bench")); err != nil {
				b.Error(err)
				return
			}
		}
	})
	report(b, "stmts/s", float64(commits(&db.group)-c), cpuTime()-cpu)
}

// BenchmarkRecordInteractionParallel has 16 learners interacting at once,
// each interaction storing the object's new state and one statement in one
// transaction (RecordInteraction), as a page or checklist does.
func BenchmarkRecordInteractionParallel(b *testing.B) {
	db := MustOpenDB(b)
	regs := make([]*learning.Registration, benchClients)
	for i := range regs {
		regs[i] = mustRegistration(b, db)
	}
	b.SetParallelism((benchClients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	var next atomic.Int64
	c := commits(&db.interactions)
	cpu := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		client := int(next.Add(1) - 1)
		r := regs[client%len(regs)]
		st := &learning.ObjectState{RegistrationID: r.ID, ObjectID: fmt.Sprintf("first-shift-%d", client)}
		for n := 0; pb.Next(); n++ {
			st.State = json.RawMessage(fmt.Sprintf(`{"ticked":["tour","policy"],"n":%d}`, n))
			if err := db.RecordInteraction(b.Context(), st, answers(1, r.ID, "bench")); err != nil {
				b.Error(err)
				return
			}
		}
	})
	report(b, "interactions/s", float64(commits(&db.interactions)-c), cpuTime()-cpu)
}

// report reports the rate, the commits and the process's CPU per write.
func report(b *testing.B, rate string, commits float64, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), rate)
	b.ReportMetric(commits/float64(b.N), "commits/op")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
