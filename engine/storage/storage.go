// Package storage names what a storage backend provides as a whole, so that
// the compiler, rather than a type assertion at start-up, says whether a
// database keeps everything Lode keeps. It holds interfaces only: the SQL
// backends are engine/sqlite and engine/postgres, the session stores
// engine/inmem and engine/redis, and engine/metrics wraps each of them
// whole.
package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/feed"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
)

// Backend is every durable store of the engine, kept in one database:
// learners, progress and certificates, and the LRS's statements,
// attachments, documents, clients and forwarding outbox; and the erasure
// of learners.
type Backend interface {
	learning.LearnerStore
	learning.AccountStore
	learning.ProgressStore
	credential.Store
	lrs.StatementStore
	lrs.AttachmentStore
	lrs.DocumentStore
	lrs.DefinitionStore
	lrs.CredentialStore
	lrs.OutboxStore
	learning.PrivacyStore
	// Ping checks that the database answers, for readiness checks;
	// engine.EUNAVAILABLE if it does not.
	Ping(ctx context.Context) error
}

// Database is a Backend over a connection pool that its opener migrates,
// watches and closes.
type Database interface {
	Backend
	// The admin area's administrators, sessions and audit log; not timed
	// by the metrics, which wrap Backend.
	admin.Store
	// The module editor's drafts, history, comments and grants.
	authoring.Store
	// The feeds this site subscribes to and what it imported from them
	// (engine/feed); not timed either.
	feed.Store
	// Migrate brings the schema up to date; it refuses a schema newer
	// than the build knows.
	Migrate(ctx context.Context) error
	// Stats reports the connection pool's use, for metrics.
	Stats() sql.DBStats
	Close() error
}

// Sessions is a session store its opener closes.
type Sessions interface {
	learning.SessionStore
	Close() error
}

// Limiter counts events per key, for rate limits: inmem.Limiter in one
// process, redis.Limiter across every server that shares the Redis.
type Limiter interface {
	// Allow records one event and returns 0, or how long until one more
	// of events per per would be allowed.
	Allow(ctx context.Context, key string, events int, per time.Duration) (time.Duration, error)
}
