package postgres

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
)

// Group commit. Each statement written alone (a quiz answer, a video
// segment, an LRS client's single POST) used to be its own commit and so
// its own WAL flush, and at 16 writers PostgreSQL spent its time waiting
// on WALWrite and WALSync (issue 15). The committer gathers the single
// statements that arrive while earlier ones are being committed into one
// transaction: one multi-row INSERT, one flush. Nothing waits on a timer:
// a statement that finds a committer free is sent at once, alone, the
// one-round-trip INSERT it always was; only under load do batches form,
// and they grow with the load. Every writer is answered only after the
// transaction holding its statement has committed (synchronous_commit
// stays on), and a batch that fails is retried statement by statement,
// so one bad statement (an id already stored with other content) fails
// only its own request.

const (
	// groupSlots is how many batches may be committing at once: enough
	// to keep PostgreSQL's two cores busy while the next batch gathers,
	// few enough that batches form instead of every writer taking a
	// slot. With 2 slots, 16 writers stored 0.6-0.9 times the statements
	// per second they did one commit each; with 8, 0.9-1.1
	// (docs/PERFORMANCE.md, "Group commit").
	groupSlots = 8
	// groupMax is the most statements in one batch: one INSERT's worth.
	groupMax = insertRows
	// groupTimeout bounds a batch's commit, which runs apart from any one
	// writer's request so that one client giving up fails no one else.
	groupTimeout = 30 * time.Second
)

type committer struct {
	db *DB

	mu      sync.Mutex
	queue   []*groupWrite
	running int // batches being committed

	batches, statements atomic.Int64 // counted for tests and metrics
}

type groupWrite struct {
	p    pending
	done chan error
}

// store writes p, alone or with others, and returns once it is committed
// or has failed.
func (c *committer) store(p pending) error {
	w := &groupWrite{p: p, done: make(chan error, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, w)
	if c.running < groupSlots {
		c.running++
		go c.drain()
	}
	c.mu.Unlock()
	return <-w.done
}

// drain commits what is queued, batch after batch, until the queue is
// empty; then its slot is free again.
func (c *committer) drain() {
	for {
		c.mu.Lock()
		n := min(len(c.queue), groupMax)
		if n == 0 {
			c.running--
			c.mu.Unlock()
			return
		}
		batch := make([]*groupWrite, n)
		copy(batch, c.queue)
		c.queue = c.queue[n:]
		c.mu.Unlock()
		c.commit(batch)
	}
}

// commit stores batch in one transaction and answers each writer; if the
// transaction fails, each statement is stored alone and its writer gets
// its own result.
func (c *committer) commit(batch []*groupWrite) {
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	c.batches.Add(1)
	c.statements.Add(int64(len(batch)))
	if len(batch) == 1 {
		batch[0].done <- c.db.storeStatements(ctx, c.db.db, []pending{batch[0].p})
		return
	}
	ps := make([]pending, len(batch))
	for i, w := range batch {
		ps[i] = w.p
	}
	err := c.db.withTx(ctx, func(tx *sqlx.Tx) error { return c.db.insertStatements(ctx, tx, ps) })
	for _, w := range batch {
		if err == nil {
			w.done <- nil
			continue
		}
		w.done <- c.db.storeStatements(ctx, c.db.db, []pending{w.p})
	}
}
