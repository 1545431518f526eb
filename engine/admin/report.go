package admin

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Reports is what the admin area's reports read from the store.
type Reports interface {
	// Completions calls each with every completed registration that f
	// selects, oldest completion first, as it reads them from a cursor:
	// memory stays flat however many there are. An error from each stops
	// the reading and is returned.
	Completions(ctx context.Context, f CompletionFilter, each func(*Completion) error) error
	// A module's report (report_module.go).
	ModuleReports
	// LearnerReport returns one learner's progress; ENOTFOUND if there is
	// no such learner.
	LearnerReport(ctx context.Context, learnerID string) (*LearnerReport, error)
}

// ModuleState is a module the reports cover, and whether it is published:
// an unpublished module's learners are still reported on.
type ModuleState struct {
	*learning.Module
	Published bool
}

// Completion is one learner's completion of a module, a row of the
// completions export.
type Completion struct {
	LearnerID, LearnerName, LearnerEmail string
	ModuleID                             string
	Version                              string // the version completed; '' before versions were kept
	CompletedAt                          time.Time
	// Score is the lowest scaled score (0..1) among the registration's
	// scored objects: the mastery result, since every mastery minimum
	// must be met. Nil when no object was scored.
	Score *float64
	// CEHours and CertificateCode come from the certificate issued for
	// the completion; zero and '' when none was.
	CEHours         float64
	CertificateCode string
}

// CompletionFilter selects completions: From (inclusive) to To
// (exclusive), either zero for no bound, and of one module when ModuleID
// is set.
type CompletionFilter struct {
	From, To time.Time
	ModuleID string
}

// dateLayout is how report filters take dates: an HTML date input's.
const dateLayout = "2006-01-02"

// ParseCompletionFilter reads a filter from the text of a form: from and
// to are dates (YYYY-MM-DD, UTC), to included. EINVALID naming the field.
func ParseCompletionFilter(from, to, moduleID string) (CompletionFilter, error) {
	var f CompletionFilter
	var err error
	if f.From, err = parseDate("from", from); err != nil {
		return f, err
	}
	if f.To, err = parseDate("to", to); err != nil {
		return f, err
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole of the last day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, engine.FieldError("to", "%s is before from, %s", to, from)
	}
	f.ModuleID = moduleID
	return f, nil
}

func parseDate(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dateLayout, v)
	if err != nil {
		return t, engine.FieldError(field, "%q is not a date of the form YYYY-MM-DD", v)
	}
	return t, nil
}
