package storetest

import (
	"encoding/csv"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
)

// FlatModule is the module whose completions TestCompletionsFlat's
// generate makes; FlatDay is when they were completed.
const FlatModule = "flat-memory"

var FlatDay = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// TestCompletionsFlat checks that streaming completions keeps memory
// flat: the peak heap while 100,000 rows stream is within a margin of the
// peak while 10,000 do, where a slice of every row would grow tenfold.
// generate stores completions of FlatModule numbered from to to-1, each
// by a learner of its own, completed on FlatDay. open is a store over a
// database of the test's own.
func TestCompletionsFlat(t *testing.T, rep admin.Reports, generate func(t *testing.T, from, to int)) {
	if testing.Short() {
		t.Skip("generates 100,000 completions")
	}
	generate(t, 0, 10_000)
	small := peakHeap(t, rep, 10_000)
	generate(t, 10_000, 100_000)
	large := peakHeap(t, rep, 100_000)
	t.Logf("peak heap in use above the start: %.1f MiB for 10,000 rows, %.1f MiB for 100,000; %s",
		mib(small), mib(large), vmHWM())
	if large > 2*small+4<<20 {
		t.Fatalf("the heap grew with the rows: %.1f MiB for 100,000, %.1f MiB for 10,000", mib(large), mib(small))
	}
}

// peakHeap streams every completion of FlatModule as CSV into nothing,
// sampling the heap every 1,000 rows, and returns its peak above where it
// started.
func peakHeap(t *testing.T, rep admin.Reports, want int) uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	base, peak, n := m.HeapInuse, m.HeapInuse, 0
	w := csv.NewWriter(io.Discard)
	err := rep.Completions(t.Context(), admin.CompletionFilter{ModuleID: FlatModule}, func(c *admin.Completion) error {
		if n++; n%1000 == 0 {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
		return w.Write([]string{c.LearnerID, c.LearnerName, c.LearnerEmail, c.ModuleID, c.CompletedAt.String()})
	})
	must(t, err)
	if n != want {
		t.Fatalf("streamed %d completions, want %d", n, want)
	}
	return peak - base
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// vmHWM is the process's peak resident set as Linux reports it, or a
// note that it is unknown elsewhere.
func vmHWM() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "peak RSS unknown"
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return "peak RSS of the test process " + strings.TrimSpace(v)
		}
	}
	return "peak RSS unknown"
}
