// Package wire is a plugin's side of a call: it decodes the protocol's
// request messages, runs the content type (upgrading old configurations
// and states, turning panics into errors) and encodes the response. It
// encodes content.proto's messages by hand with protowire, so that a
// plugin links neither the protobuf runtime nor gRPC; the engine's side
// uses the generated code (packages pb and pbconv).
package wire

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/lode-elearning/lode/sdk"
)

// Server runs in the plugin process and calls the content type for each
// request: it upgrades old configurations and states, renders after Handle
// when asked, and turns panics into errors. It is itself a ContentType;
// Call adds the protocol's messages. Its errors are *Error, with the gRPC
// status code the transport answers with.
type Server struct {
	Impl sdk.ContentType
	// Panicked, when set, is told of a panic in the content type and its
	// stack, for the plugin's log: the error alone would not say where.
	Panicked func(v any, stack []byte)

	versions versions // the current version and upgrades; see upgrade.go
}

var _ sdk.ContentType = (*Server)(nil)

// Call runs the unary method of service lode.sdk.v1.ContentType named
// method on the request message in, and returns the response message.
func (s *Server) Call(ctx context.Context, method string, in []byte) (out []byte, err error) {
	defer s.recoverTo(&err) // a nil response from the content type, say
	switch method {
	case "Describe":
		d, err := s.Describe(ctx)
		if err != nil {
			return nil, err
		}
		return EncodeDescribeResponse(d)
	case "Validate":
		return call(ctx, in, DecodeValidateRequest, s.Validate, EncodeValidateResponse)
	case "Render":
		return call(ctx, in, DecodeRenderRequest, s.Render, EncodeRenderResponse)
	case "Handle":
		return call(ctx, in, DecodeHandleRequest, s.Handle, EncodeHandleResponse)
	case "Asset":
		return call(ctx, in, DecodeAssetRequest, s.Asset, EncodeAssetResponse)
	}
	return nil, &Error{Unimplemented, "unknown method lode.sdk.v1.ContentType/" + method}
}

// call decodes a request, calls fn and encodes its response.
func call[In, Out any](ctx context.Context, in []byte, decode func([]byte) (In, error),
	fn func(context.Context, In) (*Out, error), encode func(*Out) ([]byte, error)) ([]byte, error) {
	req, err := decode(in)
	if err != nil {
		return nil, &Error{Internal, err.Error()}
	}
	out, err := fn(ctx, req)
	if err != nil {
		return nil, err
	}
	b, err := encode(out)
	if err != nil {
		return nil, &Error{Internal, err.Error()}
	}
	return b, nil
}

// Describe calls the content type's.
func (s *Server) Describe(ctx context.Context) (d *sdk.Description, err error) {
	defer s.recoverTo(&err)
	if d, err = s.Impl.Describe(ctx); err != nil {
		return nil, toError(err)
	}
	return d, nil
}

// Validate brings the configuration to the current version and validates
// it.
func (s *Server) Validate(ctx context.Context, req *sdk.ValidateRequest) (v *sdk.ValidateResponse, err error) {
	defer s.recoverTo(&err)
	config, err := s.upgradeConfig(ctx, req.ConfigVersion, req.Config)
	if sdk.IsInvalid(err) { // reported at the config, as Validate's problems are
		return &sdk.ValidateResponse{Problems: []sdk.Problem{{Message: err.Error()}}}, nil
	}
	if err != nil {
		return nil, toError(err)
	}
	if v, err = s.Impl.Validate(ctx, &sdk.ValidateRequest{Config: config}); err != nil {
		return nil, toError(err)
	}
	return v, nil
}

// Render brings the object and state to the current version and renders.
func (s *Server) Render(ctx context.Context, req *sdk.RenderRequest) (r *sdk.RenderResponse, err error) {
	defer s.recoverTo(&err)
	in := *req
	if err := s.upgrade(ctx, &in.Object, &in.State); err != nil {
		return nil, toError(err)
	}
	return s.render(ctx, &in)
}

// upgrade brings an object's config and a learner's state to the current
// version before the content type sees them.
func (s *Server) upgrade(ctx context.Context, o *sdk.Object, state *json.RawMessage) (err error) {
	if o.Config, err = s.upgradeConfig(ctx, o.ConfigVersion, o.Config); err != nil {
		return fmt.Errorf("object %s: %w", o.ID, err)
	}
	o.ConfigVersion = 0
	if *state, err = s.openState(ctx, *state); err != nil {
		return fmt.Errorf("object %s: %w", o.ID, err)
	}
	return nil
}

func (s *Server) render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	out, err := s.Impl.Render(ctx, req)
	if err != nil {
		return nil, toError(err)
	}
	return out, nil
}

// Handle applies the interaction and, when asked, renders the object with
// the new state in the same call, so that the engine makes one round trip
// per learner interaction and no content type has to implement it. If that
// Render fails the whole call fails: the engine stores nothing of a failed
// call, so no state is half applied.
func (s *Server) Handle(ctx context.Context, req *sdk.HandleRequest) (r *sdk.HandleResponse, err error) {
	defer s.recoverTo(&err)
	in := *req
	if err := s.upgrade(ctx, &in.Object, &in.State); err != nil {
		return nil, toError(err)
	}
	out, err := s.Impl.Handle(ctx, &in)
	if err != nil {
		return nil, toError(err)
	}
	sealed, err := s.sealState(ctx, out.State)
	if err != nil {
		return nil, toError(err)
	}
	r = &sdk.HandleResponse{State: sealed, Result: out.Result, FeedbackHTML: out.FeedbackHTML, Statements: out.Statements}
	if in.Render {
		state := out.State
		if state == nil {
			state = in.State // unchanged by this interaction
		}
		r.View, err = s.render(ctx, &sdk.RenderRequest{Object: in.Object, State: state, Locale: in.Locale, Registration: in.Registration})
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Asset returns one of the content type's assets.
func (s *Server) Asset(ctx context.Context, name string) (a *sdk.Asset, err error) {
	defer s.recoverTo(&err)
	if a, err = s.Impl.Asset(ctx, name); err != nil {
		return nil, toError(err)
	}
	return a, nil
}

// Code is a gRPC status code; the numbers are gRPC's.
type Code uint32

// The codes the protocol uses.
const (
	Canceled         Code = 1
	InvalidArgument  Code = 3
	DeadlineExceeded Code = 4
	Unimplemented    Code = 12
	Internal         Code = 13
)

// Error is a failed call, as its transport reports it.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// toError maps an *sdk.InvalidError to InvalidArgument, so the engine
// answers the learner with a 400 and the message, and anything else to
// Internal.
func toError(err error) error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case sdk.IsInvalid(err):
		return &Error{InvalidArgument, err.Error()}
	// A content type that gave up because the engine's deadline passed
	// (or the engine went away) says so in gRPC's terms: the engine then
	// reports a hung call, not a bug, whichever side noticed first.
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{DeadlineExceeded, err.Error()}
	case errors.Is(err, context.Canceled):
		return &Error{Canceled, err.Error()}
	}
	return &Error{Internal, err.Error()}
}

// recoverTo turns a panic in the content type into an Internal error for
// this one call, so one bad input does not take the process (and every
// learner's objects of this type) down with it.
func (s *Server) recoverTo(err *error) {
	if r := recover(); r != nil {
		*err = &Error{Internal, fmt.Sprintf("content type panicked: %v", r)}
		if s.Panicked != nil {
			s.Panicked(r, debug.Stack())
		}
	}
}

// MaxMessageSize bounds one message each way. gRPC's default is 4 MiB;
// assets (images, scripts) can be larger, renders never should be.
const MaxMessageSize = 32 << 20
