package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/storetest"
)

// The stores openStorage returns are timed, and /metrics shows their calls,
// the statements stored and the pools' use.
func TestStorageMetrics(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		cfg := config.Default()
		cfg.DataDir = t.TempDir()
		got := exerciseStorage(t, cfg)
		wantMetrics(t, got, `lode_pool_max_connections{pool="database:sqlite"} 5`)
		if strings.Contains(got, `pool="sessions:`) {
			t.Error("in-process sessions have no pool to report")
		}
	})

	t.Run("PostgresRedis", func(t *testing.T) {
		cfg := config.Default()
		cfg.DataDir = t.TempDir()
		cfg.DatabaseURL = storetest.PostgresDatabase(t)
		cfg.RedisURL = storetest.RedisURL(t)
		got := exerciseStorage(t, cfg)
		wantMetrics(t, got,
			`lode_pool_max_connections{pool="database:postgres"} 20`,
			`lode_pool_connections{pool="database:postgres",state="idle"}`,
			`lode_pool_connections{pool="sessions:redis",state="in_use"}`,
			`lode_store_call_duration_seconds_count{method="DeleteLearnerSessions",store="sessions"} 1`,
		)
	})
}

// exerciseStorage opens cfg's storage, makes a few calls and returns what
// /metrics shows.
func exerciseStorage(t *testing.T, cfg config.Config) string {
	t.Helper()
	m := metrics.New()
	s, err := openStorage(t.Context(), cfg, slog.New(slog.DiscardHandler), m)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	d := &learning.Delivery{Learners: s.db, Progress: s.db}
	l, err := d.NewLearner(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	sessions := &learning.Sessions{Store: s.sessions, TTL: time.Hour}
	sess, err := sessions.Start(t.Context(), l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sessions.Resume(t.Context(), sess.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sessions.Resume(t.Context(), "no-such-session"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("Resume of an unknown session: got %v, want %s", err, engine.ENOTFOUND)
	}
	if err := sessions.EndAll(context.WithoutCancel(t.Context()), l.ID); err != nil {
		t.Fatal(err)
	}
	got := scrapeMetrics(t, m)
	wantMetrics(t, got,
		`lode_store_call_duration_seconds_count{method="CreateLearner",store="learners"} 1`,
		`lode_store_call_duration_seconds_count{method="CreateSession",store="sessions"} 1`,
		`lode_store_call_duration_seconds_count{method="Session",store="sessions"} 2`,
		`lode_store_call_errors_total{code="not_found",method="Session",store="sessions"} 1`,
		`lode_statements_stored_total 0`,
		`lode_pool_waits_total{pool="database:`,
	)
	return got
}

func scrapeMetrics(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != 200 {
		t.Fatalf("GET /metrics: status %d: %s", rec.Code, body)
	}
	return string(body)
}

func wantMetrics(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}
}
