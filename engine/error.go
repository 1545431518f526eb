package engine

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. Each maps to exactly one HTTP status in the HTTP layer; nothing
// below it knows about HTTP.
const (
	EINVALID      = "invalid"      // the caller sent something wrong: 400
	ENOTFOUND     = "not_found"    // 404
	ECONFLICT     = "conflict"     // 409
	EPRECONDITION = "precondition" // an If-Match / If-None-Match precondition failed: 412
	EUNAUTHORIZED = "unauthorized" // 401
	EFORBIDDEN    = "forbidden"    // 403
	ETOOLARGE     = "too_large"    // 413
	ETOOMANY      = "too_many"     // too many attempts; try again after RetryAfter: 429
	EUNAVAILABLE  = "unavailable"  // a dependency (plugin, database) is down: 503
	EINTERNAL     = "internal"     // a bug: 500, message hidden from the caller
)

// Error is the one error type the engine returns to its callers. Message is
// written for the person who sent the request: it names the field and says
// what is wrong with it.
type Error struct {
	Code    string
	Field   string // optional: the field, JSON pointer or file:line at fault
	Message string
	Err     error // optional: the cause, for logs
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message to show the caller: the *Error's own words,
// or a generic sentence for internal errors so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return "internal error"
}

// RetryAfter is the cause of an ETOOMANY error: how long until the caller
// may try again.
type RetryAfter struct{ Wait time.Duration }

func (r *RetryAfter) Error() string { return "try again in " + r.Wait.Round(time.Second).String() }

// TooMany returns an ETOOMANY error telling the caller to wait.
func TooMany(wait time.Duration, format string, args ...any) *Error {
	return &Error{Code: ETOOMANY, Message: fmt.Sprintf(format, args...), Err: &RetryAfter{Wait: wait}}
}
