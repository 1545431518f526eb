// Package metrics exposes Lode's Prometheus metrics: HTTP requests, calls
// to content-type plugins and their restarts, calls to the stores (see
// Backend and Sessions), statements stored and connection-pool use (see
// AddPool). Each Metrics has its own registry, so tests and several servers in one process
// never collide on global state; other packages may add collectors through
// Registry.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds Lode's collectors and the registry they are registered in.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests   *prometheus.CounterVec
	httpDuration   *prometheus.HistogramVec
	pluginCalls    *prometheus.CounterVec
	pluginErrors   *prometheus.CounterVec
	pluginDuration *prometheus.HistogramVec
	pluginRestarts *prometheus.CounterVec
	store          storeMetrics
	pools          *poolCollector
}

// New returns Metrics with a fresh registry that also carries the Go
// runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_http_requests_total", Help: "HTTP requests answered, by method, route template and status.",
		}, []string{"method", "route", "status"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "lode_http_request_duration_seconds", Help: "Time to answer HTTP requests, by method, route template and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "status"}),
		pluginCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_plugin_calls_total", Help: "Calls to content-type plugins, by content type and method.",
		}, []string{"content_type", "method"}),
		pluginErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_plugin_call_errors_total", Help: "Failed calls to content-type plugins, by content type and method.",
		}, []string{"content_type", "method"}),
		pluginDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "lode_plugin_call_duration_seconds", Help: "Time content-type plugins took to answer, by content type and method.",
			// Plugin calls are local gRPC: most answer in a millisecond or two.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"content_type", "method"}),
		pluginRestarts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_plugin_restarts_total", Help: "Restarts of content-type plugin processes, by content type.",
		}, []string{"content_type"}),
		store: newStoreMetrics(),
		pools: &poolCollector{},
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.httpRequests, m.httpDuration,
		m.pluginCalls, m.pluginErrors, m.pluginDuration, m.pluginRestarts,
		m.store.duration, m.store.errors, m.store.statements, m.pools,
	)
	return m
}

// Registry is where other packages register their own collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveHTTP records one answered request. route is the route template
// (/modules/:id), never the raw URL, so that label values stay bounded.
func (m *Metrics) ObserveHTTP(method, route string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.httpRequests.WithLabelValues(method, route, code).Inc()
	m.httpDuration.WithLabelValues(method, route, code).Observe(d.Seconds())
}

// PluginCall records one call to a content type (pluginhost.Observer).
func (m *Metrics) PluginCall(contentType, method string, d time.Duration, err error) {
	m.pluginCalls.WithLabelValues(contentType, method).Inc()
	m.pluginDuration.WithLabelValues(contentType, method).Observe(d.Seconds())
	if err != nil {
		m.pluginErrors.WithLabelValues(contentType, method).Inc()
	}
}

// PluginRestart records one restart of a content type's process
// (pluginhost.Observer).
func (m *Metrics) PluginRestart(contentType string) {
	m.pluginRestarts.WithLabelValues(contentType).Inc()
}
