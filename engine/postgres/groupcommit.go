package postgres

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Group commit. Each statement written alone (a quiz answer, a video
// segment, an LRS client's single POST) used to be its own commit and so
// its own WAL flush, and at 16 writers PostgreSQL spent its time waiting
// on WALWrite and WALSync (issue 15); so did each learner interaction
// (an object's new state and its statements, interactions.go). A
// committer gathers the writes that arrive while earlier ones are being
// committed into one transaction: one multi-row INSERT, one flush.
// Nothing waits on a timer: a write that finds a committer free is sent
// at once, alone, as it always was; only under load do batches form, and
// they grow with the load. Every writer is answered only after the
// transaction holding its write has committed (synchronous_commit stays
// on), and a write the batch could not take (one bad statement, an id
// already stored with other content; a state changed meanwhile) is
// retried alone, so that it fails only its own request.

const (
	// groupSlots is how many batches may be committing at once: enough
	// to keep PostgreSQL's two cores busy while the next batch gathers,
	// few enough that batches form instead of every writer taking a
	// slot. With 2 slots, 16 writers stored 0.6-0.9 times the statements
	// per second they did one commit each; with 8, 0.9-1.1
	// (docs/PERFORMANCE.md, "Group commit").
	groupSlots = 8
	// interactionSlots is groupSlots for learner interactions. An
	// interaction's transaction is several statements (states, then
	// statements), and PostgreSQL's CPU per interaction fell with fewer,
	// larger batches: at 16 learners, 0.85 ms with 8 slots (1.6
	// interactions a commit), 0.52 ms with 2 (4.6 a commit), against
	// 0.92-1.08 ms one commit each (docs/PERFORMANCE.md, "Learner interactions committed together").
	interactionSlots = 2
	// groupMax is the most writes in one batch: one INSERT's worth of
	// statements.
	groupMax = insertRows
	// groupTimeout bounds a batch's commit, which runs apart from any one
	// writer's request so that one client giving up fails no one else.
	groupTimeout = 30 * time.Second
)

// errAlone is what a batch's commit answers for a write it left out, to
// be written alone once the others are answered.
var errAlone = errors.New("write alone")

// committer gathers writes of one kind (single statements, interactions)
// into batches. together commits a batch in one transaction and returns
// each write's result, errAlone for a write to retry alone; alone writes
// one write by itself, the way it went before group commit.
type committer[T any] struct {
	alone    func(ctx context.Context, w T) error
	together func(ctx context.Context, ws []T) []error
	slots    int // batches committing at once, at most

	mu      sync.Mutex
	queue   []*groupWrite[T]
	running int // batches being committed

	batches, writes, retried atomic.Int64 // counted for tests and metrics
}

type groupWrite[T any] struct {
	w    T
	done chan error
}

// store writes w, alone or with others, and returns once it is committed
// or has failed.
func (c *committer[T]) store(w T) error {
	gw := &groupWrite[T]{w: w, done: make(chan error, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, gw)
	if c.running < c.slots {
		c.running++
		go c.drain()
	}
	c.mu.Unlock()
	return <-gw.done
}

// drain commits what is queued, batch after batch, until the queue is
// empty; then its slot is free again.
func (c *committer[T]) drain() {
	for {
		c.mu.Lock()
		n := min(len(c.queue), groupMax)
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
func (c *committer[T]) commit(batch []*groupWrite[T]) {
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	c.batches.Add(1)
	c.writes.Add(int64(len(batch)))
	if len(batch) == 1 {
		batch[0].done <- c.alone(ctx, batch[0].w)
		return
	}
	ws := make([]T, len(batch))
	for i, gw := range batch {
		ws[i] = gw.w
	}
	errs := c.together(ctx, ws)
	var left []*groupWrite[T]
	for i, gw := range batch {
		if errs[i] == errAlone {
			left = append(left, gw)
			continue
		}
		gw.done <- errs[i]
	}
	c.retried.Add(int64(len(left)))
	for _, gw := range left {
		gw.done <- c.alone(ctx, gw.w)
	}
}

// each is n results, all err.
func each(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}
