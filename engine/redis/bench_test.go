package redis

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
)

// benchSessions is how many live sessions the benchmark looks up among.
const benchSessions = 10_000

// BenchmarkSessionLookup resolves the session of a request, as every page
// and API call does (learning.Sessions.Resume), among 10,000 live sessions,
// one request at a time and 16 at once; it reports the latency percentiles.
func BenchmarkSessionLookup(b *testing.B) {
	s := MustOpen(b)
	sessions := &learning.Sessions{Store: s, TTL: 30 * 24 * time.Hour}
	ids := make([]string, benchSessions)
	for i := range ids {
		sess, err := sessions.Start(b.Context(), fmt.Sprintf("learner-%d", i))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = sess.ID
	}
	b.Run("Sequential", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 2))
		lat := make([]time.Duration, 0, 1<<16)
		for b.Loop() {
			start := time.Now()
			_, err := sessions.Resume(b.Context(), ids[rng.IntN(len(ids))])
			lat = append(lat, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
		}
		reportLatency(b, lat)
	})
	b.Run("Parallel16", func(b *testing.B) {
		b.SetParallelism((16 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
		var mu sync.Mutex
		var lat []time.Duration
		b.RunParallel(func(pb *testing.PB) {
			rng := rand.New(rand.NewPCG(rand.Uint64(), 2))
			mine := make([]time.Duration, 0, 1<<12)
			for pb.Next() {
				start := time.Now()
				_, err := sessions.Resume(b.Context(), ids[rng.IntN(len(ids))])
				mine = append(mine, time.Since(start))
				if err != nil {
					b.Error(err)
					return
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
		reportLatency(b, lat)
	})
}

// reportLatency reports the median and 99th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
