package sqlstore

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Group commit. Each statement written alone (a quiz answer, a video
// segment, an LRS client's single POST) used to be its own commit and so
// its own WAL flush (PostgreSQL) or its own fsync (SQLite), and at 16
// writers PostgreSQL spent its time waiting on WALWrite and WALSync
// (issue 15); so did each learner interaction (an object's new state and
// its statements). A Committer gathers the writes that arrive while
// earlier ones are being committed into one transaction: one flush.
// Nothing waits on a timer: a write that finds a committer free is sent
// at once, alone, as it always was; only under load do batches form, and
// they grow with the load. Every writer is answered only after the
// transaction holding its write has committed (durability settings stay
// as they are), and a write the batch could not take (one bad statement,
// an id already stored with other content; a state changed meanwhile) is
// retried alone, so that it fails only its own request. It has nothing of
// one database: engine/postgres and engine/sqlite each give it their
// Alone and Together.

// groupTimeout bounds a batch's commit, which runs apart from any one
// writer's request so that one client giving up fails no one else.
const groupTimeout = 30 * time.Second

// ErrAlone is what a batch's commit answers for a write it left out, to
// be written alone once the others are answered.
var ErrAlone = errors.New("write alone")

// Committer gathers writes of one kind (single statements, interactions)
// into batches. Together commits a batch in one transaction and returns
// each write's result, ErrAlone for a write to retry alone; Alone writes
// one write by itself, the way it went before group commit. Set the
// functions, Slots and Max before the first Store.
type Committer[T any] struct {
	Alone    func(ctx context.Context, w T) error
	Together func(ctx context.Context, ws []T) []error
	Slots    int // batches committing at once, at most
	Max      int // writes in one batch, at most

	mu      sync.Mutex
	queue   []*groupWrite[T]
	running int // batches being committed

	// Batches (commits), Writes and Retried (written alone after a batch
	// left them out), counted for tests and metrics.
	Batches, Writes, Retried atomic.Int64
}

type groupWrite[T any] struct {
	w    T
	done chan error
}

// Store writes w, alone or with others, and returns once it is committed
// or has failed.
func (c *Committer[T]) Store(w T) error {
	gw := &groupWrite[T]{w: w, done: make(chan error, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, gw)
	if c.running < c.Slots {
		c.running++
		go c.drain()
	}
	c.mu.Unlock()
	return <-gw.done
}

// drain commits what is queued, batch after batch, until the queue is
// empty; then its slot is free again.
func (c *Committer[T]) drain() {
	for {
		c.mu.Lock()
		n := min(len(c.queue), c.Max)
		if n == 0 {
			c.running--
			c.mu.Unlock()
			return
		}
		batch := make([]*groupWrite[T], n)
		copy(batch, c.queue)
		c.queue = c.queue[n:]
		c.mu.Unlock()
		c.commit(batch)
	}
}

// commit writes batch, one write alone or several in one transaction, and
// answers each writer; the writes the transaction left out are then
// written alone, each writer getting its own result.
func (c *Committer[T]) commit(batch []*groupWrite[T]) {
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	c.Batches.Add(1)
	c.Writes.Add(int64(len(batch)))
	if len(batch) == 1 {
		batch[0].done <- c.Alone(ctx, batch[0].w)
		return
	}
	ws := make([]T, len(batch))
	for i, gw := range batch {
		ws[i] = gw.w
	}
	errs := c.Together(ctx, ws)
	var left []*groupWrite[T]
	for i, gw := range batch {
		if errs[i] == ErrAlone {
			left = append(left, gw)
			continue
		}
		gw.done <- errs[i]
	}
	c.Retried.Add(int64(len(left)))
	for _, gw := range left {
		gw.done <- c.Alone(ctx, gw.w)
	}
}

// Commit commits ws as one batch, as if they had been queued together,
// and returns each one's answer: for tests of a Together.
func (c *Committer[T]) Commit(ws []T) []error {
	batch := make([]*groupWrite[T], len(ws))
	for i, w := range ws {
		batch[i] = &groupWrite[T]{w: w, done: make(chan error, 1)}
	}
	c.commit(batch)
	errs := make([]error, len(ws))
	for i, gw := range batch {
		errs[i] = <-gw.done
	}
	return errs
}

// Each is n results, all err.
func Each(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}
