package plugin

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lode-elearning/lode/sdk"
)

// A content type's error reaches the engine with the gRPC code that says
// whose fault it is: a call that ran out of the engine's time is a hung
// call (the engine reports the content type as not answering in time),
// not a bug, whichever side noticed the deadline first.
func TestToStatus(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want codes.Code
	}{
		{sdk.Invalidf("no such answer"), codes.InvalidArgument},
		{context.DeadlineExceeded, codes.DeadlineExceeded},
		{fmt.Errorf("render: %w", context.DeadlineExceeded), codes.DeadlineExceeded},
		{context.Canceled, codes.Canceled},
		{errors.New("template broke"), codes.Internal},
		{status.Error(codes.Unavailable, "down"), codes.Unavailable},
	} {
		if got := status.Code(toStatus(tc.err)); got != tc.want {
			t.Errorf("toStatus(%v) has code %v, want %v", tc.err, got, tc.want)
		}
	}
}
