package admin

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// ModuleReports is what a module's report reads from the store: rows
// streamed from cursors, aggregated here, so that memory grows with the
// weeks and objects reported and not with the learners.
type ModuleReports interface {
	// ModuleRegistrations calls each with every registration f selects.
	ModuleRegistrations(ctx context.Context, f ReportFilter, each func(*RegistrationSpan) error) error
	// ModuleResults calls each with the stored state of every object of
	// the registrations f selects, a registration's states together.
	ModuleResults(ctx context.Context, f ReportFilter, each func(*ObjectResult) error) error
	// ModuleStatements calls each with every statement, not voided, of a
	// registration of the module, as stored (JSON), in the order stored.
	// The bytes are the store's, valid only until each returns.
	ModuleStatements(ctx context.Context, moduleID string, each func(json.RawMessage) error) error
	// ModuleAnswers calls each with every question (VerbAnswered
	// statements, not voided, whose object id has "/questions/" and
	// whose result has success) of the registrations f selects, in the
	// order first answered, with the definition of its first answer and
	// its answers counted by success and response: the database counts,
	// and only the counts travel.
	ModuleAnswers(ctx context.Context, f ReportFilter, each func(*AnsweredQuestion) error) error
}

// ReportFilter selects a module's registrations: started From (inclusive)
// to To (exclusive), either zero for no bound, by learners whose email is
// at EmailDomain when it is set.
type ReportFilter struct {
	ModuleID    string
	From, To    time.Time
	EmailDomain string // lower case
}

// RegistrationSpan is when one registration started and ended.
type RegistrationSpan struct {
	StartedAt             time.Time
	CompletedAt, FailedAt *time.Time
}

// ObjectResult is one learner's result on one object.
type ObjectResult struct {
	RegistrationID string
	ObjectID       string
	Completed      bool
	Scaled         *float64
}

var domainPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

// ParseReportFilter reads a module report's filter from a form: dates as
// ParseCompletionFilter takes them, and an email domain ("library.example",
// an @ before it allowed). EINVALID naming the field.
func ParseReportFilter(moduleID, from, to, domain string) (ReportFilter, error) {
	c, err := ParseCompletionFilter(from, to, moduleID)
	if err != nil {
		return ReportFilter{}, err
	}
	domain = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(domain), "@"))
	if domain != "" && !domainPattern.MatchString(domain) {
		return ReportFilter{}, engine.FieldError("domain", "%q is not an email domain such as library.example", domain)
	}
	return ReportFilter{ModuleID: moduleID, From: c.From, To: c.To, EmailDomain: domain}, nil
}

// ModuleReport is a module's progress: how many learners are where, the
// completions per week, how many completed each step, the median time to
// complete and each scored object's score distribution.
type ModuleReport struct {
	Started, InProgress, Completed, Failed int
	Weeks                                  []Count // by the Monday (UTC) each starts, oldest first
	Steps                                  []Count // the module's objects in order: learners who completed each
	// Funnel is where learners stop: first those who started, then for
	// each required step in the module's order (every step when none is
	// required) those who completed it and every required step before
	// it. A learner who skips ahead is counted where the order broke.
	Funnel    []FunnelStep
	Median    time.Duration
	Scores    []Deciles
	Questions []*Question // in the order first answered

	durations []time.Duration
	questions map[string]*Question
	weeks     map[time.Time]int
	funnel    funnel
}

// FunnelStep is a step of the funnel: learners who got that far, and how
// many fewer than at the step before (Stopped: they stopped there).
type FunnelStep struct {
	Label      string
	N, Stopped int
}

// funnel follows one registration's results at a time (the store sends
// them together): memory is one flag per object, not per learner.
type funnel struct {
	steps   []int    // the funnel's objects, as indexes into the module's
	labels  []string // their titles
	counts  []int    // learners through each of steps
	current string   // the registration whose results done holds
	done    []bool   // by object index
}

// Count is a labelled number: a chart's bar and its table's row.
type Count struct {
	Label string
	N     int
}

// Deciles are one scored object's scores in ten bands: N[0] below 0.1,
// ... N[9] from 0.9 to 1 inclusive.
type Deciles struct {
	ObjectID, Title string
	N               [10]int
}

// NewModuleReport starts an empty report of m's objects.
func NewModuleReport(m *learning.Module) *ModuleReport {
	r := &ModuleReport{weeks: map[time.Time]int{}}
	for i, o := range m.Objects {
		r.Steps = append(r.Steps, Count{Label: o.Title})
		r.Scores = append(r.Scores, Deciles{ObjectID: o.ID, Title: o.Title})
		if o.Required {
			r.funnel.steps, r.funnel.labels = append(r.funnel.steps, i), append(r.funnel.labels, o.Title)
		}
	}
	if len(r.funnel.steps) == 0 {
		for i, o := range m.Objects {
			r.funnel.steps, r.funnel.labels = append(r.funnel.steps, i), append(r.funnel.labels, o.Title)
		}
	}
	r.funnel.counts = make([]int, len(r.funnel.steps))
	r.funnel.done = make([]bool, len(m.Objects))
	return r
}

// AddRegistration counts one registration.
func (r *ModuleReport) AddRegistration(s *RegistrationSpan) {
	r.Started++
	switch {
	case s.CompletedAt != nil:
		r.Completed++
		r.durations = append(r.durations, s.CompletedAt.Sub(s.StartedAt))
		r.weeks[weekOf(*s.CompletedAt)]++
	case s.FailedAt != nil:
		r.Failed++
	default:
		r.InProgress++
	}
}

// AddResult counts one object's result; objects no longer in the module
// are left out.
func (r *ModuleReport) AddResult(o *ObjectResult, m *learning.Module) {
	i := m.ObjectIndex(o.ObjectID)
	if i < 0 {
		return
	}
	if o.RegistrationID != r.funnel.current {
		r.funnel.flush()
		r.funnel.current = o.RegistrationID
	}
	if o.Completed {
		r.Steps[i].N++
		r.funnel.done[i] = true
	}
	if o.Scaled != nil {
		r.Scores[i].N[decile(*o.Scaled)]++
	}
}

// Finish computes what needs every row: the median and the weeks, with
// the weeks without completions between the first and last as zeros;
// scored objects only are kept in Scores.
func (r *ModuleReport) Finish() {
	if n := len(r.durations); n > 0 {
		slices.Sort(r.durations)
		r.Median = r.durations[n/2]
		if n%2 == 0 {
			r.Median = (r.durations[n/2-1] + r.durations[n/2]) / 2
		}
	}
	var first, last time.Time
	for w := range r.weeks {
		if first.IsZero() || w.Before(first) {
			first = w
		}
		last = later(last, w)
	}
	for w := first; len(r.weeks) > 0 && !w.After(last); w = w.AddDate(0, 0, 7) {
		r.Weeks = append(r.Weeks, Count{Label: w.Format(dateLayout), N: r.weeks[w]})
	}
	r.Scores = slices.DeleteFunc(r.Scores, func(d Deciles) bool { return d.N == [10]int{} })
	r.finishFunnel()
	r.durations, r.weeks, r.questions, r.funnel = nil, nil, nil, funnel{}
}

// flush counts the registration followed so far through the steps it
// completed in order, and forgets it.
func (f *funnel) flush() {
	for k, i := range f.steps {
		if !f.done[i] {
			break
		}
		f.counts[k]++
	}
	clear(f.done)
}

// finishFunnel counts the last registration and makes Funnel, with those
// who started as its first step.
func (r *ModuleReport) finishFunnel() {
	r.funnel.flush()
	r.Funnel = []FunnelStep{{Label: "Started the module", N: r.Started}}
	for k, n := range r.funnel.counts {
		r.Funnel = append(r.Funnel, FunnelStep{Label: r.funnel.labels[k], N: n, Stopped: r.Funnel[k].N - n})
	}
}

// weekOf is the Monday, UTC, of t's week.
func weekOf(t time.Time) time.Time {
	d := t.UTC().Truncate(24 * time.Hour)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func decile(scaled float64) int {
	return min(max(int(scaled*10), 0), 9)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// BuildModuleReport reads m's report for f from the store: three passes
// over cursors, memory bounded by weeks, objects and the answers'
// distinct responses. The admin area's
// page and the API's JSON are both built here, so they cannot disagree.
func BuildModuleReport(ctx context.Context, s ModuleReports, m *learning.Module, f ReportFilter) (*ModuleReport, error) {
	r := NewModuleReport(m)
	if err := s.ModuleRegistrations(ctx, f, func(sp *RegistrationSpan) error { r.AddRegistration(sp); return nil }); err != nil {
		return nil, err
	}
	if err := s.ModuleResults(ctx, f, func(o *ObjectResult) error { r.AddResult(o, m); return nil }); err != nil {
		return nil, err
	}
	if err := s.ModuleAnswers(ctx, f, func(q *AnsweredQuestion) error { r.AddQuestion(q); return nil }); err != nil {
		return nil, err
	}
	r.Finish()
	return r, nil
}
