// Package redis keeps sessions in Redis, so that several Lode servers share
// them. A session is a JSON value under a key that expires with it; a set per
// learner lists their sessions, for logging out everywhere.
package redis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/storage"
)

var _ storage.Sessions = (*SessionStore)(nil)

// DefaultPrefix namespaces Lode's keys when no prefix is given.
const DefaultPrefix = "lode:"

// SessionStore is an learning.SessionStore on Redis.
type SessionStore struct {
	client goredis.UniversalClient
	owned  bool // Close closes client
	prefix string
	now    func() time.Time
}

// Open connects to the Redis server at url (redis://[:password@]host:6379/0,
// rediss:// for TLS) and checks that it answers: EUNAVAILABLE if not. Keys
// start with prefix, DefaultPrefix if empty.
func Open(ctx context.Context, url, prefix string) (*SessionStore, error) {
	opt, err := goredis.ParseURL(url)
	if err != nil {
		return nil, &engine.Error{Code: engine.EINVALID, Field: "url", Message: "is not a Redis URL", Err: err}
	}
	s := New(goredis.NewClient(opt), prefix)
	s.owned = true
	if err := s.client.Ping(ctx).Err(); err != nil {
		s.client.Close()
		return nil, redisError(err, "connect")
	}
	return s, nil
}

// Ping checks that the server answers, for readiness checks.
func (s *SessionStore) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return redisError(err, "ping")
	}
	return nil
}

// New returns a store on an existing client, which Close leaves open. Keys
// start with prefix, DefaultPrefix if empty.
func New(client goredis.UniversalClient, prefix string) *SessionStore {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return &SessionStore{client: client, prefix: prefix, now: time.Now}
}

// Close closes the client if Open made it.
func (s *SessionStore) Close() error {
	if s.owned {
		return s.client.Close()
	}
	return nil
}

// sessionValue is a session as stored. The id is not in it: it is the key.
type sessionValue struct {
	LearnerID string    `json:"learner_id"`
	CSRFToken string    `json:"csrf_token"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// member is how a session is named in keys and sets: a hash of its id, so
// that neither a key listing nor a backup of Redis holds a usable cookie.
func member(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

func (s *SessionStore) sessionKey(id string) string { return s.prefix + "session:" + member(id) }

func (s *SessionStore) learnerKey(learnerID string) string {
	return s.prefix + "learner:" + learnerID + ":sessions"
}

// redisError turns a Redis error into an *engine.Error: EUNAVAILABLE when
// Redis cannot be reached or asks to be retried, EINTERNAL otherwise.
func redisError(err error, doing string) error {
	var re goredis.Error
	if errors.As(err, &re) && !goredis.IsLoadingError(err) && !goredis.IsReadOnlyError(err) &&
		!goredis.IsMasterDownError(err) && !goredis.IsClusterDownError(err) && !goredis.IsTryAgainError(err) &&
		!goredis.IsMaxClientsError(err) {
		return &engine.Error{Code: engine.EINTERNAL, Message: "redis: cannot " + doing, Err: err}
	}
	return &engine.Error{Code: engine.EUNAVAILABLE, Message: "the session store is unavailable: cannot " + doing, Err: err}
}

func sessionGone() error { return engine.Errorf(engine.ENOTFOUND, "no live session with that id") }
