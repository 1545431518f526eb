package xapi

import (
	"encoding/json"
	"fmt"
)

// ValidationError names the property of a statement that breaks a rule.
type ValidationError struct {
	Property string // JSON path, e.g. "result.score.scaled" or "[3].actor.mbox"
	Message  string
}

func (e *ValidationError) Error() string {
	if e.Property == "" {
		return e.Message
	}
	return e.Property + ": " + e.Message
}

func invalid(prop, format string, args ...any) error {
	return &ValidationError{Property: prop, Message: fmt.Sprintf(format, args...)}
}

// Validate checks s against every rule of the xAPI 1.0.3 data model, as
// ParseStatement does for a statement that arrives as JSON: Lode's own
// statements go through the same rules as those sent to /xapi. The error
// is a *ValidationError.
func (s *Statement) Validate() error {
	raw, err := json.Marshal(s)
	if err != nil {
		return invalid("", "cannot be encoded as JSON: %v", err)
	}
	_, err = ParseStatement(raw, V103)
	return err
}
