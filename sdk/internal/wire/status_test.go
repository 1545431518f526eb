package wire

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// A content type's error reaches the engine with the gRPC code that says
// whose fault it is: a call that ran out of the engine's time is a hung
// call (the engine reports the content type as not answering in time),
// not a bug, whichever side noticed the deadline first.
func TestToError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want Code
	}{
		{sdk.Invalidf("no such answer"), InvalidArgument},
		{context.DeadlineExceeded, DeadlineExceeded},
		{fmt.Errorf("render: %w", context.DeadlineExceeded), DeadlineExceeded},
		{context.Canceled, Canceled},
		{errors.New("template broke"), Internal},
		{&Error{Unimplemented, "no"}, Unimplemented},
	} {
		var e *Error
		if !errors.As(toError(tc.err), &e) || e.Code != tc.want {
			t.Errorf("toError(%v) = %v, want code %v", tc.err, e, tc.want)
		}
	}
}
