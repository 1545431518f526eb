package lrs

import (
	"context"
	"encoding/json"
	"time"
)

// ForwardItem is one statement waiting in the outbox to be forwarded to
// one remote LRS.
type ForwardItem struct {
	Seq         int64           // the outbox row: increasing in the order statements were stored
	StatementID string          // lower-case UUID
	Statement   json.RawMessage // the statement as stored
	Attempts    int             // failed deliveries so far
}

// ForwardBacklog is what waits in the outbox for one remote.
type ForwardBacklog struct {
	Pending  int        // statements not yet delivered
	Rejected int        // statements the remote refused for good, kept for an operator
	Oldest   *time.Time // when the oldest pending statement was stored; nil if none
}

// OutboxStore is the outbox of statements to forward to remote LRSs. The
// database itself fills it: every statement stored, by any path, gets one
// row per active forward target in the same transaction, so nothing stored
// can miss being forwarded.
type OutboxStore interface {
	// SetForwardTargets makes endpoints the remotes that receive every
	// statement stored from now on. Targets not listed stop receiving new
	// statements; what they have pending is kept.
	SetForwardTargets(ctx context.Context, endpoints []string) error
	// LeaseForwardTarget makes owner the only forwarder of endpoint for
	// ttl, so that servers sharing a database do not send a statement
	// twice or out of order. It returns false while another owner holds an
	// unexpired lease; the holder renews by calling again.
	LeaseForwardTarget(ctx context.Context, endpoint, owner string, ttl time.Duration) (bool, error)
	// PendingForwards returns up to limit statements waiting for endpoint,
	// oldest first. It skips rejected ones.
	PendingForwards(ctx context.Context, endpoint string, limit int) ([]ForwardItem, error)
	// ForwardsDelivered removes delivered rows from the outbox.
	ForwardsDelivered(ctx context.Context, seqs []int64) error
	// ForwardsFailed counts a failed attempt on rows, keeping why.
	ForwardsFailed(ctx context.Context, seqs []int64, reason string) error
	// ForwardRejected sets a row aside for good: the remote refused that
	// statement (400, 409), and retrying would block every later one.
	ForwardRejected(ctx context.Context, seq int64, reason string) error
	// ForwardBacklog counts what waits for endpoint.
	ForwardBacklog(ctx context.Context, endpoint string) (ForwardBacklog, error)
}
