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
	// the registrations f selects.
	ModuleResults(ctx context.Context, f ReportFilter, each func(*ObjectResult) error) error
	// ModuleStatements calls each with every statement, not voided, of a
	// registration of the module, as stored (JSON), in the order stored.
	ModuleStatements(ctx context.Context, moduleID string, each func(json.RawMessage) error) error
	// ModuleQuestions calls each with every question (VerbAnswered
	// statements, not voided, whose object id has "/questions/" and
	// whose result has success) of the registrations f selects, in the
	// order first answered, with the definition of its first answer.
	ModuleQuestions(ctx context.Context, f ReportFilter, each func(*AnsweredQuestion) error) error
	// ModuleAnswers calls each with the answers to those questions
	// counted by question, success and response: the database counts,
	// and only the counts travel.
	ModuleAnswers(ctx context.Context, f ReportFilter, each func(*AnswerCount) error) error
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
	ObjectID  string
	Completed bool
	Scaled    *float64
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
	Median                                 time.Duration
	Scores                                 []Deciles
	Questions                              []*Question // in the order first answered

	durations []time.Duration
	questions map[string]*Question
	weeks     map[time.Time]int
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
	for _, o := range m.Objects {
		r.Steps = append(r.Steps, Count{Label: o.Title})
		r.Scores = append(r.Scores, Deciles{ObjectID: o.ID, Title: o.Title})
	}
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
	if o.Completed {
		r.Steps[i].N++
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
	r.durations, r.weeks, r.questions = nil, nil, nil
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
