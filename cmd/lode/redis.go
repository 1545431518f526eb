package main

import (
	"context"

	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/redis"
)

// openRedis keeps sessions in Redis, which several servers can share, and
// reports its connection pool in m.
func (s *storage) openRedis(ctx context.Context, url string, m *metrics.Metrics) error {
	rs, err := redis.Open(ctx, url, "")
	if err != nil {
		return err
	}
	s.sessions = m.Sessions(rs)
	s.limiter = rs.NewLimiter()
	s.closers = append(s.closers, rs.Close)
	s.ready = append(s.ready, lodehttp.ReadyCheck{Name: "sessions:redis", Check: rs.Ping})
	m.AddPool("sessions:redis", rs.Stats)
	return nil
}
