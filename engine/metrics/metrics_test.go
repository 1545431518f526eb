package metrics_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/pluginhost"
)

var _ pluginhost.Observer = (*metrics.Metrics)(nil)

func TestMetrics(t *testing.T) {
	m := metrics.New()
	m.ObserveHTTP("GET", "/modules/:id", 200, 3*time.Millisecond)
	m.PluginCall("quiz", "Render", 2*time.Millisecond, nil)
	m.PluginCall("quiz", "Handle", time.Millisecond, errors.New("boom"))
	m.PluginRestart("quiz")
	got := scrape(t, m)
	for _, want := range []string{
		`lode_http_requests_total{method="GET",route="/modules/:id",status="200"} 1`,
		`lode_http_request_duration_seconds_count{method="GET",route="/modules/:id",status="200"} 1`,
		`lode_plugin_calls_total{content_type="quiz",method="Render"} 1`,
		`lode_plugin_calls_total{content_type="quiz",method="Handle"} 1`,
		`lode_plugin_call_errors_total{content_type="quiz",method="Handle"} 1`,
		`lode_plugin_call_duration_seconds_count{content_type="quiz",method="Render"} 1`,
		`lode_plugin_restarts_total{content_type="quiz"} 1`,
		`process_`, `go_goroutines`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(got, `lode_plugin_call_errors_total{content_type="quiz",method="Render"}`) {
		t.Error("a successful call was counted as an error")
	}
}

// TestOwnRegistry: two Metrics never share state, and other packages can
// add collectors to one through Registry.
func TestOwnRegistry(t *testing.T) {
	a, b := metrics.New(), metrics.New()
	a.PluginRestart("video")
	if strings.Contains(scrape(t, b), `lode_plugin_restarts_total{content_type="video"}`) {
		t.Error("the second Metrics saw the first's restart")
	}
	extra := prometheus.NewCounter(prometheus.CounterOpts{Name: "lode_extra_total", Help: "Something another package counts."})
	if err := b.Registry().Register(extra); err != nil {
		t.Fatal(err)
	}
	extra.Add(3)
	if !strings.Contains(scrape(t, b), "lode_extra_total 3") {
		t.Error("a collector added through Registry is not served")
	}
}

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	return string(body)
}
