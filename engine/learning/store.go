package learning

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// LearnerStore keeps learners.
type LearnerStore interface {
	// CreateLearner stores a new learner; engine.ECONFLICT if the id is taken.
	CreateLearner(ctx context.Context, l *Learner) error
	// Learner returns a learner; engine.ENOTFOUND if there is none with that id.
	Learner(ctx context.Context, id string) (*Learner, error)
	// UpdateLearner changes name and email; engine.ENOTFOUND if absent.
	UpdateLearner(ctx context.Context, l *Learner) error
	// RevokeLearnerCookies increments the learner's CookieGeneration, so
	// that no learner cookie issued before restores them (sign out), and
	// returns the new generation; engine.ENOTFOUND if absent.
	RevokeLearnerCookies(ctx context.Context, id string) (int64, error)
}

// ProgressStore keeps registrations and learner state per object.
type ProgressStore interface {
	// EnsureRegistration returns the learner's registration for the module,
	// creating it with r's fields if there is none. Safe under concurrency:
	// two callers get the same registration.
	EnsureRegistration(ctx context.Context, r *Registration) (*Registration, error)
	// FindRegistration returns the learner's registration for a module
	// without creating one; engine.ENOTFOUND if the learner never started it.
	FindRegistration(ctx context.Context, learnerID, moduleID string) (*Registration, error)
	// LearnerRegistrations returns every registration of a learner, oldest
	// first, whether or not its module is still in the catalog; none (and
	// no error) for an unknown learner.
	LearnerRegistrations(ctx context.Context, learnerID string) ([]Registration, error)
	// SetCurrentObject records where the learner is, for resuming.
	SetCurrentObject(ctx context.Context, registrationID, objectID string) error
	// CompleteRegistration ends the registration as end says, once:
	// completed at end.At with end.Version, or failed at end.At when
	// end.Failed; and stores stmts (the module's completed and passed, or
	// failed, statements) in the same transaction. It reports whether this
	// call ended it: a later call, or one that lost a race, changes nothing
	// and stores nothing, so that a module is completed once with one set
	// of statements. engine.ENOTFOUND if the registration does not exist.
	CompleteRegistration(ctx context.Context, registrationID string, end RegistrationEnd, stmts []xapi.Statement) (bool, error)
	// ObjectStates returns every stored object state of a registration.
	ObjectStates(ctx context.Context, registrationID string) ([]ObjectState, error)
	// RecordInteraction stores an object's new state and the statements the
	// interaction produced in one transaction: all or nothing. s.Version must
	// be the version read (0 if none); engine.ECONFLICT if it changed meanwhile. On
	// success s.Version is the new version.
	RecordInteraction(ctx context.Context, s *ObjectState, stmts []xapi.Statement) error
}

// SessionStore keeps sessions.
type SessionStore interface {
	// CreateSession stores a new session.
	CreateSession(ctx context.Context, s *Session) error
	// Session returns a live session; engine.ENOTFOUND if absent or expired.
	Session(ctx context.Context, id string) (*Session, error)
	// TouchSession extends a session's expiry (sliding expiry).
	TouchSession(ctx context.Context, id string, expiresAt time.Time) error
	// DeleteSession ends one session. Deleting an absent session is not an error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteLearnerSessions ends every session of a learner (log out everywhere).
	DeleteLearnerSessions(ctx context.Context, learnerID string) error
}

// AccountStore keeps what signing in needs: verified emails, one-time
// sign-in links and resume codes, and the merge of an anonymous learner
// into the account they sign in to. Secrets are kept only as hashes.
type AccountStore interface {
	// LearnerByEmail returns the learner whose verified email is email,
	// compared without case; engine.ENOTFOUND if none.
	LearnerByEmail(ctx context.Context, email string) (*Learner, error)
	// VerifyEmail makes email the learner's email, verified at t;
	// engine.ECONFLICT if another learner has it verified.
	VerifyEmail(ctx context.Context, learnerID, email string, t time.Time) error
	// CreateSignInToken stores a sign-in link's token by its hash.
	CreateSignInToken(ctx context.Context, t *SignInToken) error
	// UseSignInToken marks the token used at now and returns it, once:
	// engine.ENOTFOUND if it is unknown, used or expired.
	UseSignInToken(ctx context.Context, hash string, now time.Time) (*SignInToken, error)
	// SetResumeCode replaces the learner's resume code by its hash.
	SetResumeCode(ctx context.Context, learnerID, hash string) error
	// LearnerByResumeCode returns the learner whose resume code has this
	// hash; engine.ENOTFOUND if none.
	LearnerByResumeCode(ctx context.Context, hash string) (*Learner, error)
	// MergeLearner carries out a merge in one transaction: it deletes the
	// registrations in drop (with their object states), gives the
	// registrations in move to into, and marks from as merged into into,
	// revoking its cookies.
	MergeLearner(ctx context.Context, from, into string, move, drop []string) error
	// MergedLearners returns the ids of the learners merged into id.
	MergedLearners(ctx context.Context, id string) ([]string, error)
}

// SignInToken is a sign-in link's one-time token, kept by its hash.
type SignInToken struct {
	Hash      string // hex SHA-256 of the token
	Email     string
	CreatedAt time.Time
	ExpiresAt time.Time
}
