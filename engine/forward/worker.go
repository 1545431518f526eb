package forward

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
)

// backlogEvery bounds how often a worker counts its backlog: a COUNT over
// a long outbox is not free.
const backlogEvery = 5 * time.Second

// worker delivers the outbox of one remote.
type worker struct {
	cfg    *Config
	remote Remote
	now    func() time.Time

	failures    int       // consecutive failed rounds, for the backoff
	renewAt     time.Time // when to renew the lease this worker holds
	lastBacklog time.Time

	mu sync.Mutex
	st Status
}

func (w *worker) run(ctx context.Context) {
	w.cfg.Log.Info("forwarding statements", "remote", w.remote.Endpoint, "version", w.remote.Version)
	for ctx.Err() == nil {
		wait := w.round(ctx)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// round delivers one batch if this server holds the lease and statements
// wait, and returns how long to pause before the next round.
func (w *worker) round(ctx context.Context) time.Duration {
	ep := w.remote.Endpoint
	if now := w.now(); !now.Before(w.renewAt) {
		leased, err := w.cfg.Store.LeaseForwardTarget(ctx, ep, w.cfg.Owner, w.cfg.LeaseTTL)
		if err != nil {
			return w.failed(ctx, err, nil)
		}
		w.update(func(st *Status) { st.Delivering = leased })
		if !leased { // another server delivers; be ready to take over
			return w.cfg.LeaseTTL / 3
		}
		// Held for LeaseTTL from now: renew after a third of it, not at
		// every round, which would be a write a second when idle.
		w.renewAt = now.Add(w.cfg.LeaseTTL / 3)
	}
	items, err := w.cfg.Store.PendingForwards(ctx, ep, w.cfg.BatchSize)
	if err != nil {
		return w.failed(ctx, err, nil)
	}
	defer w.countBacklog(ctx, len(items) == 0)
	if len(items) == 0 {
		return w.cfg.Poll
	}
	if err := w.send(ctx, items); err != nil {
		return w.failed(ctx, err, items)
	}
	w.failures = 0
	w.update(func(st *Status) { st.FailingSince, st.LastError, st.LastDelivered = time.Time{}, "", w.now() })
	return 0 // more may wait: go on at once
}

// send delivers items in order. When the remote refuses a batch for good
// (400, 409, 413...), send halves it to find the statements at fault,
// delivers the others and sets those aside, so one bad statement cannot
// block the rest. It returns the first error worth retrying.
func (w *worker) send(ctx context.Context, items []lrs.ForwardItem) error {
	err := w.post(ctx, items)
	var de *deliveryError
	switch {
	case err == nil:
		if err := w.cfg.Store.ForwardsDelivered(ctx, seqs(items)); err != nil {
			return err // delivered but still queued: sent again later, which the remote accepts
		}
		w.observe(func(o Observer) { o.ForwardDelivered(w.remote.Endpoint, len(items)) })
		return nil
	case !errors.As(err, &de) || !de.permanent:
		return err
	case len(items) == 1:
		w.cfg.Log.Warn("remote LRS refused a statement; it is set aside in the outbox",
			"remote", w.remote.Endpoint, "statement", items[0].StatementID, "err", err)
		if err := w.cfg.Store.ForwardRejected(ctx, items[0].Seq, err.Error()); err != nil {
			return err
		}
		w.observe(func(o Observer) { o.ForwardRejected(w.remote.Endpoint, 1) })
		return nil
	}
	mid := len(items) / 2
	if err := w.send(ctx, items[:mid]); err != nil {
		return err
	}
	return w.send(ctx, items[mid:])
}

// failed records a failed round and returns the pause before the next:
// exponential from MinBackoff to MaxBackoff, with jitter so that servers
// and remotes recovering together do not retry in step, and at least what
// the remote asked for in Retry-After.
func (w *worker) failed(ctx context.Context, err error, items []lrs.ForwardItem) time.Duration {
	if ctx.Err() != nil {
		return 0 // stopping
	}
	w.failures++
	w.cfg.Log.Warn("forwarding statements failed; will retry", "remote", w.remote.Endpoint,
		"attempt", w.failures, "waiting", len(items), "err", err)
	if len(items) > 0 {
		if ferr := w.cfg.Store.ForwardsFailed(ctx, seqs(items), err.Error()); ferr != nil {
			w.cfg.Log.Warn("recording a failed forward", "remote", w.remote.Endpoint, "err", ferr)
		}
	}
	w.observe(func(o Observer) { o.ForwardFailed(w.remote.Endpoint) })
	w.update(func(st *Status) {
		if st.FailingSince.IsZero() {
			st.FailingSince = w.now()
		}
		st.LastError = err.Error()
	})
	d := backoff(w.failures, w.cfg.MinBackoff, w.cfg.MaxBackoff)
	var de *deliveryError
	if errors.As(err, &de) && de.retryAfter > d {
		d = min(de.retryAfter, w.cfg.MaxBackoff)
	}
	return d
}

// backoff returns the pause after the n-th consecutive failure: min·2^(n-1)
// capped at max, of which a random half ("equal jitter").
func backoff(n int, lo, hi time.Duration) time.Duration {
	d := hi
	if n-1 < 32 && lo<<(n-1) > 0 && lo<<(n-1) < hi {
		d = lo << (n - 1)
	}
	return d/2 + rand.N(d/2+1)
}

// countBacklog refreshes the backlog for Status and metrics, at most every
// backlogEvery unless the outbox was just found empty.
func (w *worker) countBacklog(ctx context.Context, empty bool) {
	now := w.now()
	if now.Sub(w.lastBacklog) < backlogEvery && !(empty && w.peek().Backlog.Pending > 0) {
		return
	}
	b, err := w.cfg.Store.ForwardBacklog(ctx, w.remote.Endpoint)
	if err != nil {
		return // the next round reports the store's trouble
	}
	w.lastBacklog = now
	w.update(func(st *Status) { st.Backlog = b })
	w.observe(func(o Observer) { o.ForwardBacklog(w.remote.Endpoint, b, now) })
}

// deliveryError is a failed POST: permanent when the remote refused the
// statements themselves, so that sending them again cannot succeed.
type deliveryError struct {
	status     int
	permanent  bool
	retryAfter time.Duration
	body       string
}

func (e *deliveryError) Error() string {
	if e.status == 0 { // refused before sending
		return e.body
	}
	return fmt.Sprintf("the remote LRS answered %d %s: %s", e.status, http.StatusText(e.status), e.body)
}

// post sends items as one batch to the remote's /statements.
func (w *worker) post(ctx context.Context, items []lrs.ForwardItem) error {
	body, contentType, err := w.body(ctx, items)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.remote.Endpoint+"/statements", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Experience-API-Version", w.remote.Version)
	req.SetBasicAuth(w.remote.Key, w.remote.Secret)
	resp, err := w.cfg.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // reuse the connection
	if resp.StatusCode/100 == 2 {
		return acknowledged(text, items)
	}
	if len(text) > 512 {
		text = text[:512]
	}
	return &deliveryError{status: resp.StatusCode, permanent: refused(resp.StatusCode),
		retryAfter: retryAfter(resp.Header.Get("Retry-After")), body: string(bytes.TrimSpace(text))}
}

// maxAnswerBytes bounds the answer read: the ids of a batch, 39 bytes each.
const maxAnswerBytes = 1 << 20

// acknowledged checks a 2xx answer: an LRS acknowledges statements with
// the array of their ids (xAPI Communication 2.1.2). A 2xx that does not
// name them, such as an empty 200 from a proxy or a failing LRS, proves
// nothing was stored, so the batch stays in the outbox and is retried.
func acknowledged(body []byte, items []lrs.ForwardItem) error {
	var ids []string
	if err := json.Unmarshal(body, &ids); err != nil || len(ids) != len(items) {
		return &deliveryError{body: fmt.Sprintf("the remote LRS answered 2xx without the ids of the %d statements sent (%q); they stay in the outbox", len(items), truncate(body, 120))}
	}
	for i, id := range ids {
		if !strings.EqualFold(id, items[i].StatementID) {
			return &deliveryError{body: fmt.Sprintf("the remote LRS acknowledged statement %s where %s was sent; the batch stays in the outbox", id, items[i].StatementID)}
		}
	}
	return nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// refused reports whether a status means the remote refused the statements
// themselves. Lode's own trouble (credentials, a wrong endpoint) and the
// remote's (5xx, 429) are retried: fixing them must lose nothing.
func refused(status int) bool {
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusMethodNotAllowed,
		http.StatusRequestTimeout, http.StatusTooManyRequests:
		return false
	}
	return status >= 400 && status < 500
}

// retryAfter reads a Retry-After header in seconds; 0 if absent or a date.
func retryAfter(h string) time.Duration {
	n, err := strconv.Atoi(h)
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

func seqs(items []lrs.ForwardItem) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.Seq
	}
	return out
}

func (w *worker) observe(f func(Observer)) {
	if w.cfg.Observer != nil {
		f(w.cfg.Observer)
	}
}

func (w *worker) update(f func(*Status)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f(&w.st)
}

func (w *worker) peek() Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.st
}

func (w *worker) status() Status {
	st := w.peek()
	st.Endpoint = w.remote.Endpoint
	return st
}
