package metrics

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
)

type outboxStore struct {
	next lrs.OutboxStore
	call
}

func (s *outboxStore) SetForwardTargets(ctx context.Context, endpoints []string) (err error) {
	defer s.done("SetForwardTargets", time.Now(), &err)
	return s.next.SetForwardTargets(ctx, endpoints)
}

func (s *outboxStore) LeaseForwardTarget(ctx context.Context, endpoint, owner string, ttl time.Duration) (_ bool, err error) {
	defer s.done("LeaseForwardTarget", time.Now(), &err)
	return s.next.LeaseForwardTarget(ctx, endpoint, owner, ttl)
}

func (s *outboxStore) PendingForwards(ctx context.Context, endpoint string, limit int) (_ []lrs.ForwardItem, err error) {
	defer s.done("PendingForwards", time.Now(), &err)
	return s.next.PendingForwards(ctx, endpoint, limit)
}

func (s *outboxStore) ForwardsDelivered(ctx context.Context, seqs []int64) (err error) {
	defer s.done("ForwardsDelivered", time.Now(), &err)
	return s.next.ForwardsDelivered(ctx, seqs)
}

func (s *outboxStore) ForwardsFailed(ctx context.Context, seqs []int64, reason string) (err error) {
	defer s.done("ForwardsFailed", time.Now(), &err)
	return s.next.ForwardsFailed(ctx, seqs, reason)
}

func (s *outboxStore) ForwardRejected(ctx context.Context, seq int64, reason string) (err error) {
	defer s.done("ForwardRejected", time.Now(), &err)
	return s.next.ForwardRejected(ctx, seq, reason)
}

func (s *outboxStore) ForwardBacklog(ctx context.Context, endpoint string) (_ lrs.ForwardBacklog, err error) {
	defer s.done("ForwardBacklog", time.Now(), &err)
	return s.next.ForwardBacklog(ctx, endpoint)
}
