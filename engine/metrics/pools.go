package metrics

import (
	"database/sql"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// AddPool reports a connection pool's use under the given name, e.g.
// "database:postgres" or "sessions:redis", reading stats at each scrape. A
// pool that is not a database/sql one reports in database/sql's terms.
func (m *Metrics) AddPool(name string, stats func() sql.DBStats) {
	m.pools.add(name, stats)
}

var (
	poolConnsDesc = prometheus.NewDesc("lode_pool_connections",
		"Open connections of a connection pool, by pool and state (in_use, idle).", []string{"pool", "state"}, nil)
	poolMaxDesc = prometheus.NewDesc("lode_pool_max_connections",
		"The most connections a pool may open (0: no limit).", []string{"pool"}, nil)
	poolWaitsDesc = prometheus.NewDesc("lode_pool_waits_total",
		"Times a caller had to wait for a free connection: a pool too small, or a database too slow.", []string{"pool"}, nil)
	poolWaitSecondsDesc = prometheus.NewDesc("lode_pool_wait_seconds_total",
		"Time callers spent waiting for a free connection.", []string{"pool"}, nil)
)

// poolCollector reads the pools' statistics when scraped.
type poolCollector struct {
	mu    sync.Mutex
	names []string
	stats []func() sql.DBStats
}

var _ prometheus.Collector = (*poolCollector)(nil)

func (c *poolCollector) add(name string, stats func() sql.DBStats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names = append(c.names, name)
	c.stats = append(c.stats, stats)
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConnsDesc, poolMaxDesc, poolWaitsDesc, poolWaitSecondsDesc} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	names, stats := c.names, c.stats
	c.mu.Unlock()
	for i, name := range names {
		s := stats[i]()
		ch <- prometheus.MustNewConstMetric(poolConnsDesc, prometheus.GaugeValue, float64(s.InUse), name, "in_use")
		ch <- prometheus.MustNewConstMetric(poolConnsDesc, prometheus.GaugeValue, float64(s.Idle), name, "idle")
		ch <- prometheus.MustNewConstMetric(poolMaxDesc, prometheus.GaugeValue, float64(s.MaxOpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolWaitsDesc, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWaitSecondsDesc, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
	}
}
