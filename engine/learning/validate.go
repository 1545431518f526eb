package learning

import (
	"encoding/json"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// MaxStateBytes is the largest object state that is stored, so that a
// content type gone wrong is told so at once rather than slowing every
// page of its module. A learner's state is a few answers, ticks or
// positions: kilobytes.
const MaxStateBytes = 1 << 20

// The rules below are the domain's, stated once. The stores call them
// before they write, so that every store refuses the same things with the
// same engine.EINVALID.

// Validate checks a learner before it is stored: it needs an id.
func (l *Learner) Validate() error {
	if l.ID == "" {
		return engine.FieldError("id", "a learner needs an id")
	}
	return nil
}

// Validate checks a registration before it is created: it needs a learner
// and a module, and its id, if it has one yet, is a UUID.
func (r *Registration) Validate() error {
	switch {
	case r.LearnerID == "":
		return engine.FieldError("learner_id", "a registration needs a learner")
	case r.ModuleID == "":
		return engine.FieldError("module_id", "a registration needs a module")
	case r.ID != "" && !xapi.IsUUID(r.ID):
		return engine.FieldError("id", "%q is not a UUID", r.ID)
	}
	return nil
}

// Validate checks an object state before it is stored: it names its
// registration and object, its state is JSON of at most MaxStateBytes, and
// its version is not negative.
func (s *ObjectState) Validate() error {
	switch {
	case s.RegistrationID == "":
		return engine.FieldError("registration_id", "is empty")
	case s.ObjectID == "":
		return engine.FieldError("object_id", "is empty")
	case len(s.State) > MaxStateBytes:
		return engine.FieldError("state", "is %d bytes; the limit is %d bytes", len(s.State), MaxStateBytes)
	case len(s.State) > 0 && !json.Valid(s.State):
		return engine.FieldError("state", "is not valid JSON")
	case s.Version < 0:
		return engine.FieldError("version", "%d is negative", s.Version)
	}
	return nil
}

// Validate checks a session before it is stored at now: it needs an id
// and a learner, and expires after now.
func (s *Session) Validate(now time.Time) error {
	switch {
	case s.ID == "":
		return engine.FieldError("id", "a session needs an id")
	case s.LearnerID == "":
		return engine.FieldError("learner_id", "a session needs a learner")
	case !now.Before(s.ExpiresAt):
		return engine.FieldError("expires_at", "%v is not in the future", s.ExpiresAt)
	}
	return nil
}
