package sdk

import (
	"errors"
	"fmt"
)

// InvalidError is returned by a content type for input the learner or author
// got wrong (an unknown choice, an answer after the last attempt). The engine
// answers it with a 400 and the message; any other error is a bug in the
// plugin and answered with a 500.
type InvalidError struct {
	Message string
}

func (e *InvalidError) Error() string { return e.Message }

// Invalidf returns an *InvalidError with a formatted message.
func Invalidf(format string, args ...any) error {
	return &InvalidError{Message: fmt.Sprintf(format, args...)}
}

// IsInvalid reports whether err is or wraps an *InvalidError.
func IsInvalid(err error) bool {
	var e *InvalidError
	return errors.As(err, &e)
}
