package metrics

import (
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/prometheus/client_golang/prometheus"
)

// Forward reports statement forwarding to remote LRSs, by remote
// endpoint (a setting, so the label's values stay few). It satisfies
// forward.Observer.
type Forward struct {
	delivered *prometheus.CounterVec
	failures  *prometheus.CounterVec
	rejected  *prometheus.CounterVec
	pending   *prometheus.GaugeVec
	oldest    *prometheus.GaugeVec
}

// NewForward returns the forwarding metrics, registered in m.
func NewForward(m *Metrics) *Forward {
	f := &Forward{
		delivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_forward_delivered_total", Help: "Statements delivered to a remote LRS, by remote.",
		}, []string{"remote"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_forward_failures_total", Help: "Failed attempts to deliver a batch of statements to a remote LRS (retried later), by remote.",
		}, []string{"remote"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_forward_rejected_total", Help: "Statements a remote LRS refused for good (kept in the outbox, not retried), by remote.",
		}, []string{"remote"}),
		pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "lode_forward_pending", Help: "Statements waiting in the outbox for a remote LRS.",
		}, []string{"remote"}),
		oldest: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "lode_forward_oldest_pending_seconds", Help: "Age of the oldest statement waiting for a remote LRS (0 when none): alert on this.",
		}, []string{"remote"}),
	}
	m.reg.MustRegister(f.delivered, f.failures, f.rejected, f.pending, f.oldest)
	return f
}

// ForwardDelivered counts n statements delivered to remote.
func (f *Forward) ForwardDelivered(remote string, n int) {
	f.delivered.WithLabelValues(remote).Add(float64(n))
}

// ForwardFailed counts one failed delivery attempt to remote.
func (f *Forward) ForwardFailed(remote string) { f.failures.WithLabelValues(remote).Inc() }

// ForwardRejected counts n statements remote refused for good.
func (f *Forward) ForwardRejected(remote string, n int) {
	f.rejected.WithLabelValues(remote).Add(float64(n))
}

// ForwardBacklog records what waits for remote, as of now.
func (f *Forward) ForwardBacklog(remote string, b lrs.ForwardBacklog, now time.Time) {
	f.pending.WithLabelValues(remote).Set(float64(b.Pending))
	age := 0.0
	if b.Oldest != nil {
		age = max(0, now.Sub(*b.Oldest).Seconds())
	}
	f.oldest.WithLabelValues(remote).Set(age)
}
