package bench

import (
	"context"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// warmUp checks the answer once and makes a few untimed calls, so that lazy
// initialisation on either side is not part of the measurement.
func warmUp(b *testing.B, t target, check func(*testing.B, target), fn call) {
	b.Helper()
	check(b, t)
	for range 20 {
		if err := fn(context.Background(), t); err != nil {
			b.Fatal(err)
		}
	}
}

// serial times b.N calls one after another.
func serial(b *testing.B, t target, check func(*testing.B, target), fn call) {
	warmUp(b, t, check, fn)
	ctx := context.Background()
	lat := make([]time.Duration, b.N)
	b.ReportAllocs()
	cpu0 := readCPU(t)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if err := fn(ctx, t); err != nil {
			b.Fatal(err)
		}
		lat[i] = time.Since(start)
	}
	b.StopTimer()
	report(b, lat, cpu0, readCPU(t))
}

// parallelism is goroutines per GOMAXPROCS in parallel runs: 4 × 2 cores =
// 8 concurrent calls, several learners' requests in flight at once.
const parallelism = 4

// parallel times b.N calls made from parallelism × GOMAXPROCS goroutines.
// Its ns/op is wall time per call (the inverse of throughput); p50 and p99
// are the latency each caller saw.
func parallel(b *testing.B, t target, check func(*testing.B, target), fn call) {
	warmUp(b, t, check, fn)
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(parallelism)
	cpu0 := readCPU(t)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			start := time.Now()
			if err := fn(ctx, t); err != nil {
				b.Error(err)
				return
			}
			lat[next.Add(1)-1] = time.Since(start)
		}
	})
	b.StopTimer()
	report(b, lat[:next.Load()], cpu0, readCPU(t))
}

// report adds the latency percentiles, the throughput and the CPU time
// per call (from the two readings taken around the timed loop) to the result.
func report(b *testing.B, lat []time.Duration, cpu0, cpu1 cpuUse) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(micros(percentile(lat, 0.50)), "p50-µs")
	b.ReportMetric(micros(percentile(lat, 0.99)), "p99-µs")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
	if cpu1.host > 0 {
		b.ReportMetric(micros(cpu1.host-cpu0.host)/float64(b.N), "host-cpu-µs/op")
	}
	if cpu1.plugin > 0 {
		b.ReportMetric(micros(cpu1.plugin-cpu0.plugin)/float64(b.N), "plugin-cpu-µs/op")
	}
}

// cpuUse is the CPU time (user + system) used so far by the test process
// and, for a hosted target, by its plugin process. On a 2-core machine CPU
// per call, not latency, is what bounds throughput; in process, part of it
// (the garbage collector) runs on the idle core and never shows in ns/op.
type cpuUse struct{ host, plugin time.Duration }

func readCPU(t target) cpuUse {
	u := cpuUse{host: processCPU("self")}
	if h, ok := t.(hosted); ok {
		u.plugin = processCPU(strconv.Itoa(h.pid()))
	}
	return u
}

// processCPU reads a process's CPU time from /proc/<pid>/stat; 0 where
// there is no /proc (the metric is then left out). Its resolution is a clock
// tick (10ms), fine over a benchmark's thousands of calls.
func processCPU(pid string) time.Duration {
	raw, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// After the command name in parentheses: state, ..., utime and stime
	// (fields 14 and 15 of proc(5)) in ticks of USER_HZ, 100 on Linux.
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * (time.Second / 100)
}

// percentile returns the nearest-rank p-th percentile of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
