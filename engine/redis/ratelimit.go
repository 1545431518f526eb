package redis

import (
	"context"
	"time"

	"github.com/go-redis/redis_rate/v10"

	"github.com/lode-elearning/lode/engine"
)

// Limiter counts events per key in Redis (go-redis/redis_rate, GCRA), so
// that every server sharing the Redis shares the limits: an attacker
// spreading attempts over several servers gets no more of them.
type Limiter struct {
	rl     *redis_rate.Limiter
	prefix string
}

// NewLimiter returns a limiter on the session store's Redis.
func (s *SessionStore) NewLimiter() *Limiter {
	return &Limiter{rl: redis_rate.NewLimiter(s.client), prefix: s.prefix + "limit:"}
}

// Allow records one event for key and returns 0 if it is within events per
// per, or how long until one more would be. EUNAVAILABLE if Redis is down.
func (l *Limiter) Allow(ctx context.Context, key string, events int, per time.Duration) (time.Duration, error) {
	res, err := l.rl.Allow(ctx, l.prefix+key, redis_rate.Limit{Rate: events, Burst: events, Period: per})
	if err != nil {
		return 0, &engine.Error{Code: engine.EUNAVAILABLE, Message: "the rate limiter (Redis) is unavailable", Err: err}
	}
	if res.Allowed == 0 {
		return res.RetryAfter, nil
	}
	return 0, nil
}
