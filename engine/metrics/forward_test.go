package metrics_test

import (
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/forward"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/metrics"
)

var _ forward.Observer = (*metrics.Forward)(nil)

func TestForwardMetrics(t *testing.T) {
	m := metrics.New()
	f := metrics.NewForward(m)
	const remote = "https://lrs.example/xapi"
	now := time.Now()
	oldest := now.Add(-90 * time.Second)
	f.ForwardFailed(remote)
	f.ForwardDelivered(remote, 3)
	f.ForwardRejected(remote, 1)
	f.ForwardBacklog(remote, lrs.ForwardBacklog{Pending: 7, Oldest: &oldest}, now)
	got := scrape(t, m)
	for _, want := range []string{
		`lode_forward_delivered_total{remote="https://lrs.example/xapi"} 3`,
		`lode_forward_failures_total{remote="https://lrs.example/xapi"} 1`,
		`lode_forward_rejected_total{remote="https://lrs.example/xapi"} 1`,
		`lode_forward_pending{remote="https://lrs.example/xapi"} 7`,
		`lode_forward_oldest_pending_seconds{remote="https://lrs.example/xapi"} 90`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s", want)
		}
	}
}
