package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storage"
)

// storeMetrics are the collectors the store decorators feed.
type storeMetrics struct {
	duration   *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	statements prometheus.Counter
}

func newStoreMetrics() storeMetrics {
	return storeMetrics{
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "lode_store_call_duration_seconds", Help: "Time calls to the stores took, by store and method, failed calls included.",
			// From a Redis session lookup (a fraction of a millisecond) to a
			// database waiting for a lock or a restart.
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"store", "method"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lode_store_call_errors_total",
			Help: "Calls to the stores that returned an error, by store, method and error code (not_found, conflict, unavailable...).",
		}, []string{"store", "method", "code"}),
		statements: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lode_statements_stored_total",
			Help: "xAPI statements in successful writes (RecordInteraction, StoreStatements); an idempotent repeat counts again.",
		}),
	}
}

// call is one store's view of the collectors.
type call struct {
	m     storeMetrics
	store string
}

// done records a call that started at start and returned *err. Methods
// defer it, so that it sees the error they return.
func (c call) done(method string, start time.Time, err *error) {
	c.m.duration.WithLabelValues(c.store, method).Observe(time.Since(start).Seconds())
	if *err != nil {
		c.m.errors.WithLabelValues(c.store, method, engine.ErrorCode(*err)).Inc()
	}
}

// Backend returns b with every call timed and its errors counted, under
// the store label of the interface the method belongs to (learners,
// accounts, progress, statements, attachments, documents, definitions, credentials,
// outbox; database for Ping), and the statements of each successful write
// counted. The compiler checks that it wraps every method of
// storage.Backend, so no store escapes it.
func (m *Metrics) Backend(b storage.Backend) storage.Backend {
	c := func(store string) call { return call{m.store, store} }
	return &backend{
		learnerStore:    learnerStore{b, c("learners")},
		accountStore:    accountStore{b, c("accounts")},
		progressStore:   progressStore{b, c("progress")},
		statementStore:  statementStore{b, c("statements")},
		attachmentStore: attachmentStore{b, c("attachments")},
		documentStore:   documentStore{b, c("documents")},
		definitionStore: definitionStore{b, c("definitions")},
		credentialStore: credentialStore{b, c("credentials")},
		outboxStore:     outboxStore{b, c("outbox")},
		privacyStore:    privacyStore{b, c("privacy")},
		ping:            b.Ping,
		call:            c("database"),
	}
}

// Sessions returns s with every call timed and its errors counted, under
// the store label sessions.
func (m *Metrics) Sessions(s learning.SessionStore) learning.SessionStore {
	return &sessionStore{next: s, call: call{m.store, "sessions"}}
}

var _ storage.Backend = (*backend)(nil)

// backend is the wrappers of each interface in one.
type backend struct {
	learnerStore
	accountStore
	progressStore
	statementStore
	attachmentStore
	documentStore
	definitionStore
	credentialStore
	outboxStore
	privacyStore
	ping func(ctx context.Context) error
	call
}

func (b *backend) Ping(ctx context.Context) (err error) {
	defer b.done("Ping", time.Now(), &err)
	return b.ping(ctx)
}
