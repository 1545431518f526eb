package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/xapi"
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

// LearnerStore returns s with every call timed and its errors counted.
func (m *Metrics) LearnerStore(s learning.LearnerStore) learning.LearnerStore {
	return &learnerStore{next: s, call: call{m.store, "learners"}}
}

// ProgressStore returns s with every call timed and its errors counted,
// and the statements of each successful RecordInteraction counted.
func (m *Metrics) ProgressStore(s learning.ProgressStore) learning.ProgressStore {
	return &progressStore{next: s, call: call{m.store, "progress"}}
}

// StatementStore returns s with every call timed and its errors counted,
// and the statements of each successful StoreStatements counted.
func (m *Metrics) StatementStore(s lrs.StatementStore) lrs.StatementStore {
	return &statementStore{next: s, call: call{m.store, "statements"}}
}

// SessionStore returns s with every call timed and its errors counted.
func (m *Metrics) SessionStore(s learning.SessionStore) learning.SessionStore {
	return &sessionStore{next: s, call: call{m.store, "sessions"}}
}

type learnerStore struct {
	next learning.LearnerStore
	call
}

func (s *learnerStore) CreateLearner(ctx context.Context, l *learning.Learner) (err error) {
	defer s.done("CreateLearner", time.Now(), &err)
	return s.next.CreateLearner(ctx, l)
}

func (s *learnerStore) Learner(ctx context.Context, id string) (_ *learning.Learner, err error) {
	defer s.done("Learner", time.Now(), &err)
	return s.next.Learner(ctx, id)
}

func (s *learnerStore) UpdateLearner(ctx context.Context, l *learning.Learner) (err error) {
	defer s.done("UpdateLearner", time.Now(), &err)
	return s.next.UpdateLearner(ctx, l)
}

type statementStore struct {
	next lrs.StatementStore
	call
}

func (s *statementStore) StoreStatements(ctx context.Context, stmts []xapi.Statement) (err error) {
	defer s.done("StoreStatements", time.Now(), &err)
	if err = s.next.StoreStatements(ctx, stmts); err == nil {
		s.m.statements.Add(float64(len(stmts)))
	}
	return err
}

func (s *statementStore) Statement(ctx context.Context, id string) (_ *xapi.Statement, err error) {
	defer s.done("Statement", time.Now(), &err)
	return s.next.Statement(ctx, id)
}

func (s *statementStore) StatementByID(ctx context.Context, id string, voided bool) (_ *xapi.Statement, err error) {
	defer s.done("StatementByID", time.Now(), &err)
	return s.next.StatementByID(ctx, id, voided)
}

func (s *statementStore) Statements(ctx context.Context, f lrs.StatementFilter) (_ []xapi.Statement, _ string, err error) {
	defer s.done("Statements", time.Now(), &err)
	return s.next.Statements(ctx, f)
}

type sessionStore struct {
	next learning.SessionStore
	call
}

func (s *sessionStore) CreateSession(ctx context.Context, ss *learning.Session) (err error) {
	defer s.done("CreateSession", time.Now(), &err)
	return s.next.CreateSession(ctx, ss)
}

func (s *sessionStore) Session(ctx context.Context, id string) (_ *learning.Session, err error) {
	defer s.done("Session", time.Now(), &err)
	return s.next.Session(ctx, id)
}

func (s *sessionStore) TouchSession(ctx context.Context, id string, expiresAt time.Time) (err error) {
	defer s.done("TouchSession", time.Now(), &err)
	return s.next.TouchSession(ctx, id, expiresAt)
}

func (s *sessionStore) DeleteSession(ctx context.Context, id string) (err error) {
	defer s.done("DeleteSession", time.Now(), &err)
	return s.next.DeleteSession(ctx, id)
}

func (s *sessionStore) DeleteLearnerSessions(ctx context.Context, learnerID string) (err error) {
	defer s.done("DeleteLearnerSessions", time.Now(), &err)
	return s.next.DeleteLearnerSessions(ctx, learnerID)
}
