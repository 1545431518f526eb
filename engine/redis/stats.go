package redis

import (
	"database/sql"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Stats reports the client's connection pool in database/sql's terms, for
// metrics that treat every pool alike. MaxOpenConnections is 0 for a client
// given to New that is not a *goredis.Client.
func (s *SessionStore) Stats() sql.DBStats {
	p := s.client.PoolStats()
	out := sql.DBStats{
		OpenConnections: int(p.TotalConns),
		Idle:            int(p.IdleConns),
		InUse:           max(0, int(p.TotalConns)-int(p.IdleConns)),
		WaitCount:       int64(p.WaitCount),
		WaitDuration:    time.Duration(p.WaitDurationNs),
	}
	if c, ok := s.client.(*goredis.Client); ok {
		out.MaxOpenConnections = c.Options().PoolSize
	}
	return out
}
