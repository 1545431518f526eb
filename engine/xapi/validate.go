package xapi

import (
	"fmt"
	"net/url"
	"regexp"
)

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$`)

// ValidationError names the property of a statement that breaks a rule.
type ValidationError struct {
	Property string // JSON path, e.g. "result.score.scaled"
	Message  string
}

func (e *ValidationError) Error() string { return e.Property + ": " + e.Message }

func invalid(prop, format string, args ...any) error {
	return &ValidationError{Property: prop, Message: fmt.Sprintf(format, args...)}
}

// IsUUID reports whether s is a UUID in the canonical textual form.
func IsUUID(s string) bool { return uuidRE.MatchString(s) }

// IsIRI reports whether s is an absolute IRI.
func IsIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != ""
}

// Validate checks the rules of xAPI 1.0.3 section 2.4 that statements made
// by Lode's content types can break. The LRS layer builds on it.
func (s *Statement) Validate() error {
	if s.ID != "" && !IsUUID(s.ID) {
		return invalid("id", "%q is not a UUID", s.ID)
	}
	if err := s.Actor.validate("actor"); err != nil {
		return err
	}
	if !IsIRI(s.Verb.ID) {
		return invalid("verb.id", "%q is not an IRI", s.Verb.ID)
	}
	if s.Object.ObjectType == "" || s.Object.ObjectType == "Activity" {
		if !IsIRI(s.Object.ID) {
			return invalid("object.id", "%q is not an IRI", s.Object.ID)
		}
	}
	if s.Result != nil && s.Result.Score != nil {
		if err := s.Result.Score.validate("result.score"); err != nil {
			return err
		}
	}
	if s.Context != nil && s.Context.Registration != "" && !IsUUID(s.Context.Registration) {
		return invalid("context.registration", "%q is not a UUID", s.Context.Registration)
	}
	return nil
}

func (a Agent) validate(prop string) error {
	n := 0
	for _, set := range []bool{a.Mbox != "", a.MboxSHA1Sum != "", a.OpenID != "", a.Account != nil} {
		if set {
			n++
		}
	}
	if a.ObjectType == "Group" && n == 0 && len(a.Member) > 0 {
		return nil // an anonymous group
	}
	if n != 1 {
		return invalid(prop, "an agent needs exactly one of mbox, mbox_sha1sum, openid or account, found %d", n)
	}
	if a.Account != nil && (a.Account.Name == "" || !IsIRI(a.Account.HomePage)) {
		return invalid(prop+".account", "needs a name and an IRI homePage")
	}
	return nil
}

func (sc *Score) validate(prop string) error {
	if sc.Scaled != nil && (*sc.Scaled < -1 || *sc.Scaled > 1) {
		return invalid(prop+".scaled", "%v is outside -1..1", *sc.Scaled)
	}
	if sc.Min != nil && sc.Max != nil && *sc.Min > *sc.Max {
		return invalid(prop+".min", "%v is greater than max %v", *sc.Min, *sc.Max)
	}
	if sc.Raw != nil && sc.Min != nil && *sc.Raw < *sc.Min {
		return invalid(prop+".raw", "%v is less than min %v", *sc.Raw, *sc.Min)
	}
	if sc.Raw != nil && sc.Max != nil && *sc.Raw > *sc.Max {
		return invalid(prop+".raw", "%v is greater than max %v", *sc.Raw, *sc.Max)
	}
	return nil
}
