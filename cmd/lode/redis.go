package main

import (
	"context"

	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/redis"
)

// openRedis keeps sessions in Redis, which several servers can share.
func (s *storage) openRedis(ctx context.Context, url string) error {
	rs, err := redis.Open(ctx, url, "")
	if err != nil {
		return err
	}
	s.sessions = rs
	s.closers = append(s.closers, rs.Close)
	s.ready = append(s.ready, lodehttp.ReadyCheck{Name: "sessions:redis", Check: rs.Ping})
	return nil
}
