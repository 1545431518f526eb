package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/faulttest"
)

// The integrity tests: whatever fails underneath (PostgreSQL restarted,
// its connections terminated or cut mid-request, Redis restarted), every
// write Lode acknowledged with a 2xx is stored whole, every other answer
// is a 503 (or, for a learner whose session Redis lost, a 401 asking for a
// reload), no answer is an empty 200, and Lode is ready again within
// seconds. Each runs against servers of its own (engine/faulttest), so
// restarting them disturbs no other test.
//
// LODE_FAULT_ROUNDS sets the rounds of the restart scenario (20 by
// default; the others run a quarter as many).
func TestNoAcknowledgedWriteIsLost(t *testing.T) {
	pg := faulttest.StartPostgres(t)
	rs := faulttest.StartRedis(t)
	content := faultModule(t)
	rounds := faultRounds(t)

	t.Run("PostgresRestarted", func(t *testing.T) {
		srv := mustServeFaults(t, content, pg.Database("restarted"), rs.URL)
		for i := range rounds {
			srv.round(t, i, roundOpts{}, func() { pg.Restart() })
		}
	})
	t.Run("ConnectionsTerminated", func(t *testing.T) {
		srv := mustServeFaults(t, content, pg.Database("terminated"), rs.URL)
		for i := range max(1, rounds/4) {
			srv.round(t, i, roundOpts{}, func() {
				repeatFor(1500*time.Millisecond, 250*time.Millisecond, func() {
					if _, err := pg.TerminateBackends(t.Context(), "terminated"); err != nil {
						t.Errorf("pg_terminate_backend: %v", err)
					}
				})
			})
		}
	})
	t.Run("ProxyCutsConnections", func(t *testing.T) {
		proxy := faulttest.StartProxy(t, "127.0.0.1:"+strconv.Itoa(pg.Port))
		dbURL := strings.Replace(pg.Database("cut"), "127.0.0.1:"+strconv.Itoa(pg.Port), proxy.Addr, 1)
		srv := mustServeFaults(t, content, dbURL, rs.URL)
		for i := range max(1, rounds/4) {
			srv.round(t, i, roundOpts{}, func() {
				repeatFor(1500*time.Millisecond, 250*time.Millisecond, func() { proxy.Cut() })
			})
		}
	})
	t.Run("RedisRestarted", func(t *testing.T) {
		srv := mustServeFaults(t, content, pg.Database("sessions"), rs.URL)
		for i := range max(1, rounds/4) {
			srv.round(t, i, roundOpts{sessionsLost: true}, func() { rs.Restart() })
		}
	})
}

func faultRounds(t *testing.T) int {
	v := os.Getenv("LODE_FAULT_ROUNDS")
	if v == "" {
		return 20
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("LODE_FAULT_ROUNDS=%q is not a positive number", v)
	}
	return n
}

// repeatFor calls f every interval for d: a fault that keeps recurring.
func repeatFor(d, every time.Duration, f func()) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for end := time.Now().Add(d); time.Now().Before(end); <-tick.C {
		f()
	}
}

// faultModule writes a module with one single-question quiz that can be
// attempted without limit, so that learners can answer for as long as the
// test runs.
func faultModule(t *testing.T) string {
	dir := t.TempDir()
	mod := filepath.Join(dir, "faults")
	if err := os.Mkdir(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	const yaml = `id: faults
title: Faults
version: 1.0.0
ce_hours: 1
license: CC-BY-4.0
objects:
  - id: quiz
    type: quiz
    title: One question
    config:
      passing_score: 1
      questions:
        - id: q1
          type: single_choice
          prompt: Which is right?
          choices:
            - {id: right, text: This one, correct: true}
            - {id: wrong, text: That one}
`
	if err := os.WriteFile(filepath.Join(mod, "module.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// faultServer is Lode on the test's own PostgreSQL and Redis.
type faultServer struct {
	*lodeServer
}

const faultKey, faultSecret = "faults", "fault-test-secret"

func mustServeFaults(t *testing.T, contentDir, dbURL, redisURL string) *faultServer {
	t.Helper()
	return &faultServer{mustServe(t, func(c *config.Config) {
		c.ContentDir, c.DatabaseURL, c.RedisURL = contentDir, dbURL, redisURL
		c.LRSKey, c.LRSSecret = faultKey, faultSecret
		// Every client here is one address, writing as fast as it can.
		c.NewLearnersPerHour, c.LearnerWritesPerMinute = 0, 0
		c.LogLevel = "warn"
	})}
}
