// Package forward delivers every statement Lode stores to remote LRSs. The
// database queues each statement in an outbox (lrs.OutboxStore) in the
// transaction that stores it; a worker per remote reads the outbox in
// order, POSTs batches to the remote's /statements and removes what was
// delivered. A remote that is down only delays delivery: the worker
// retries with exponential backoff and jitter, and the outbox survives
// restarts. Delivery is at least once (a crash between the remote's answer
// and the outbox update resends a batch, which a conformant LRS accepts
// again since the statement ids are the same).
package forward

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

// Remote is a remote LRS.
type Remote struct {
	Endpoint string // xAPI base URL without a trailing slash; statements go to Endpoint/statements
	Key      string // HTTP Basic user
	Secret   string // HTTP Basic password
	Version  string // X-Experience-API-Version sent; "1.0.3" when empty
}

// Observer is told what the workers do, for metrics (*metrics.Forward).
type Observer interface {
	ForwardDelivered(remote string, n int)
	ForwardFailed(remote string)
	ForwardRejected(remote string, n int)
	ForwardBacklog(remote string, b lrs.ForwardBacklog, now time.Time)
}

// Config tunes a Forwarder. Zero durations and sizes take the defaults.
type Config struct {
	Store lrs.OutboxStore
	// Attachments holds the content of attachments sent without a fileUrl,
	// forwarded with their statements; nil refuses such statements.
	Attachments lrs.AttachmentStore
	Remotes     []Remote
	Client      *http.Client // default: a client with a 20 s timeout
	Log         *slog.Logger // default: discard
	Observer    Observer     // default: none
	// Owner names this server in the outbox leases; default host-pid-random.
	Owner      string
	BatchSize  int           // statements per POST; default 100
	Poll       time.Duration // how often an idle worker looks for statements; default 1 s
	MinBackoff time.Duration // first pause after a failure; default 1 s
	MaxBackoff time.Duration // longest pause; default 5 min
	LeaseTTL   time.Duration // how long a lease lasts unrenewed; default 1 min
	// ReportAfter is how long deliveries to a remote must have been failing
	// before Check reports it; default 2 min, so a blip is not news.
	ReportAfter time.Duration
}

func (c *Config) defaults() {
	if c.Client == nil {
		c.Client = &http.Client{Timeout: 20 * time.Second}
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Owner == "" {
		host, _ := os.Hostname()
		c.Owner = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), rand.Text()[:8])
	}
	c.BatchSize = cmp.Or(c.BatchSize, 100)
	c.Poll = cmp.Or(c.Poll, time.Second)
	c.MinBackoff = cmp.Or(c.MinBackoff, time.Second)
	c.MaxBackoff = cmp.Or(c.MaxBackoff, 5*time.Minute)
	// A lease must outlast a POST that runs to the client's timeout, or a
	// second server could send the same batch meanwhile.
	c.LeaseTTL = cmp.Or(c.LeaseTTL, max(time.Minute, 3*c.Client.Timeout))
	c.ReportAfter = cmp.Or(c.ReportAfter, 2*time.Minute)
}

// Forwarder runs one worker per remote.
type Forwarder struct {
	cfg     Config
	workers []*worker
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New returns a Forwarder; Start starts it.
func New(cfg Config) *Forwarder {
	cfg.defaults()
	f := &Forwarder{cfg: cfg}
	for _, r := range cfg.Remotes {
		r.Version = cmp.Or(r.Version, "1.0.3")
		f.workers = append(f.workers, &worker{cfg: &f.cfg, remote: r, now: time.Now})
	}
	return f
}

// Start makes the configured remotes the outbox's targets (so statements
// stored from now on are queued for them, and no longer for remotes
// dropped from the configuration) and starts a worker per remote. It
// returns the store's error if the targets cannot be set.
func (f *Forwarder) Start(ctx context.Context) error {
	endpoints := make([]string, len(f.workers))
	for i, w := range f.workers {
		endpoints[i] = w.remote.Endpoint
	}
	if err := f.cfg.Store.SetForwardTargets(ctx, endpoints); err != nil {
		return fmt.Errorf("set the forward targets: %w", err)
	}
	ctx, f.cancel = context.WithCancel(context.WithoutCancel(ctx))
	for _, w := range f.workers {
		f.wg.Go(func() { w.run(ctx) })
	}
	return nil
}

// Stop stops the workers and waits for them. A batch in flight is
// abandoned; it stays in the outbox and is sent again next time.
func (f *Forwarder) Stop() {
	if f.cancel != nil {
		f.cancel()
	}
	f.wg.Wait()
}

// Status is the state of forwarding to one remote.
type Status struct {
	Endpoint      string
	Backlog       lrs.ForwardBacklog // as last counted
	Delivering    bool               // this server holds the lease
	LastDelivered time.Time          // zero if none since start
	FailingSince  time.Time          // zero unless the last attempt failed
	LastError     string
}

// Status returns the state of every remote.
func (f *Forwarder) Status() []Status {
	out := make([]Status, len(f.workers))
	for i, w := range f.workers {
		out[i] = w.status()
	}
	return out
}

// Check returns an error naming each remote to which delivery has been
// failing for longer than ReportAfter, for /readyz. The message names the
// remote by host only and leaves the remote's answer to the log.
func (f *Forwarder) Check(context.Context) error {
	var problems []string
	now := time.Now()
	for _, st := range f.Status() {
		if st.FailingSince.IsZero() || now.Sub(st.FailingSince) < f.cfg.ReportAfter {
			continue
		}
		problems = append(problems, fmt.Sprintf("forwarding to %s has failed since %s; %d statements wait in the outbox",
			hostOf(st.Endpoint), st.FailingSince.UTC().Format(time.RFC3339), st.Backlog.Pending))
	}
	if len(problems) == 0 {
		return nil
	}
	msg := problems[0]
	for _, p := range problems[1:] {
		msg += "; " + p
	}
	return engine.Errorf(engine.EUNAVAILABLE, "%s", msg)
}

func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return "a remote LRS"
}
