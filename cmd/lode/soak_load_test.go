package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/faulttest"
)

// The soak's load: moderate, since it measures flatness, not throughput,
// on a machine shared with others. Each client keeps a steady pace; a
// slow answer only slows it down.
const (
	soakLearners    = 10                     // learners, each stepping through the sample module
	learnerStep     = 250 * time.Millisecond // a learner's pace: one request a step
	statementEvery  = 200 * time.Millisecond // each of two clients posting single statements
	batchEvery      = time.Second            // one client posting batches of batchSize
	queryEvery      = 500 * time.Millisecond // one client reading /xapi/statements
	documentEvery   = 250 * time.Millisecond // one client writing State documents
	soakDocuments   = 20                     // the State documents it rewrites in turn
	crawlRequests   = 300                    // GETs of one crawler burst
	crawlers        = 3                      // crawlers of a burst, side by side
	crawlEach       = 50 * time.Millisecond  // each crawler's pace
	restartSettling = 30 * time.Second       // after ready again, still the restart window
)

// soakLoad is the soak's clients and what they were told.
type soakLoad struct {
	t      *testing.T
	srv    *faultServer
	began  time.Time
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	requests  map[string]map[int]int // client kind → status (0: transport error) → count
	bad       []soakEvent            // 5xx, transport errors and unexpected answers
	badCount  int
	restart   [2]time.Time // the restart window: fault to ready + restartSettling
	acked     map[string]bool
	documents [soakDocuments]soakDocument
	completed []*faultLearner // learners told that they completed the module
	journeys  map[string]int  // how journeys ended
	addresses atomic.Int64    // learners' addresses handed out
}

// soakEvent is one answer that was not what the client expects.
type soakEvent struct {
	at     time.Time
	kind   string
	status int // 0: transport error
	detail string
}

// soakDocument is what was written to one State document: the sequence
// number last acknowledged and last tried.
type soakDocument struct{ acked, tried int }

func newSoakLoad(t *testing.T, srv *faultServer) *soakLoad {
	return &soakLoad{t: t, srv: srv, requests: map[string]map[int]int{}, acked: map[string]bool{}, journeys: map[string]int{}}
}

// start starts every client; stop stops them and waits.
func (l *soakLoad) start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	for w := range soakLearners {
		l.wg.Go(func() { l.learner(ctx, w) })
	}
	for w := range 2 {
		l.wg.Go(func() { paced(ctx, statementEvery, func() { l.postStatements(w, 1) }) })
	}
	l.wg.Go(func() { paced(ctx, batchEvery, func() { l.postStatements(2, batchSize) }) })
	l.wg.Go(func() { paced(ctx, queryEvery, l.queryStatements) })
	l.wg.Go(func() {
		seq := 0
		paced(ctx, documentEvery, func() { seq++; l.putDocument(seq) })
	})
}

func (l *soakLoad) stop() {
	l.cancel()
	l.wg.Wait()
}

// paced calls f every interval until ctx ends: a client's steady rate.
func paced(ctx context.Context, every time.Duration, f func()) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			f()
		}
	}
}

// note counts an answer and keeps it if it was not what the client
// expects; err is a transport error.
func (l *soakLoad) note(kind string, status int, err error, expected bool, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		status, detail = 0, err.Error()
	}
	if l.requests[kind] == nil {
		l.requests[kind] = map[int]int{}
	}
	l.requests[kind][status]++
	if err == nil && expected && status < 500 {
		return
	}
	l.badCount++
	if len(l.bad) < 10000 {
		l.bad = append(l.bad, soakEvent{at: time.Now(), kind: kind, status: status, detail: clipDetail(detail)})
	}
}

func clipDetail(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// restartPostgres restarts PostgreSQL and records the restart window:
// from the restart until Lode has been ready again for restartSettling.
func (l *soakLoad) restartPostgres(pg *faulttest.PostgresCluster, srv *faultServer) {
	from := time.Now()
	pg.Restart()
	faulttest.WaitFor(l.t, time.Minute, "Lode to be ready after the PostgreSQL restart", srv.ready)
	ready := time.Now()
	l.mu.Lock()
	l.restart = [2]time.Time{from, ready.Add(restartSettling)}
	l.mu.Unlock()
	l.t.Logf("PostgreSQL restarted at %v; Lode ready again %v later", from.Sub(l.began).Round(time.Second), ready.Sub(from).Round(time.Millisecond))
}

// inRestart reports whether an answer came in the restart window.
func (l *soakLoad) inRestart(at time.Time) bool {
	return !l.restart[0].IsZero() && !at.Before(l.restart[0]) && !at.After(l.restart[1])
}

// totals counts the answers so far, and those that were 5xx or transport
// errors.
func (l *soakLoad) totals() (requests, failures int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, byStatus := range l.requests {
		for status, n := range byStatus {
			requests += n
			if status == 0 || status >= 500 {
				failures += n
			}
		}
	}
	return requests, failures
}

// summary is the answers by client kind and status, with rates.
func (l *soakLoad) summary() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	elapsed := time.Since(l.began).Seconds()
	var b strings.Builder
	total := 0
	for _, kind := range slices.Sorted(maps.Keys(l.requests)) {
		n := 0
		for _, c := range l.requests[kind] {
			n += c
		}
		total += n
		fmt.Fprintf(&b, "  %-10s %8d requests (%6.1f/s), by status (0: transport error) %v\n", kind, n, float64(n)/elapsed, l.requests[kind])
	}
	fmt.Fprintf(&b, "  %-10s %8d requests (%6.1f/s) in %v\n", "all", total, float64(total)/elapsed, time.Since(l.began).Round(time.Second))
	fmt.Fprintf(&b, "  journeys: %v; statements acknowledged: %d", l.journeys, len(l.acked))
	return b.String()
}

// checkErrors fails the test for every answer that was not what its client
// expects, except 5xx in the restart window.
func (l *soakLoad) checkErrors(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	inWindow := map[string]int{}
	for _, e := range l.bad {
		at := e.at.Sub(l.began).Round(time.Millisecond)
		if e.status >= 500 && l.inRestart(e.at) {
			inWindow[fmt.Sprintf("%s %d", e.kind, e.status)]++
			continue
		}
		t.Errorf("at %v, %s: answered %d: %s", at, e.kind, e.status, e.detail)
	}
	if l.badCount > len(l.bad) {
		t.Errorf("%d more unexpected answers were not kept", l.badCount-len(l.bad))
	}
	if !l.restart[0].IsZero() {
		t.Logf("restart window %v..%v: 5xx answers %v", l.restart[0].Sub(l.began).Round(time.Second),
			l.restart[1].Sub(l.began).Round(time.Second), inWindow)
	}
}
