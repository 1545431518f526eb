package plugin

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/hashicorp/go-hclog"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/pb"
)

// grpcServer runs in the plugin process and calls the content type.
type grpcServer struct {
	pb.UnimplementedContentTypeServer
	impl sdk.ContentType
	log  hclog.Logger // where a panic's stack goes; nil for nowhere
}

func (s *grpcServer) Describe(ctx context.Context, _ *pb.DescribeRequest) (r *pb.DescribeResponse, err error) {
	defer s.recoverTo(&err)
	d, err := s.impl.Describe(ctx)
	if err != nil {
		return nil, toStatus(err)
	}
	r = &pb.DescribeResponse{
		Name: d.Name, Title: d.Title, Version: d.Version, ProtocolVersion: int32(d.ProtocolVersion),
		ConfigSchema: d.ConfigSchema, ActivityType: d.ActivityType, Profiles: d.Profiles,
		Scored: d.Capabilities.Scored, Completable: d.Capabilities.Completable, KeepsState: d.Capabilities.KeepsState,
	}
	for _, a := range d.Assets {
		r.Assets = append(r.Assets, &pb.AssetInfo{Name: a.Name, ContentType: a.ContentType})
	}
	return r, nil
}

func (s *grpcServer) Validate(ctx context.Context, req *pb.ValidateRequest) (r *pb.ValidateResponse, err error) {
	defer s.recoverTo(&err)
	v, err := s.impl.Validate(ctx, &sdk.ValidateRequest{Config: req.Config})
	if err != nil {
		return nil, toStatus(err)
	}
	r = &pb.ValidateResponse{}
	for _, p := range v.Problems {
		r.Problems = append(r.Problems, &pb.Problem{Pointer: p.Pointer, Message: p.Message})
	}
	return r, nil
}

func (s *grpcServer) Render(ctx context.Context, req *pb.RenderRequest) (r *pb.RenderResponse, err error) {
	defer s.recoverTo(&err)
	return s.render(ctx, &sdk.RenderRequest{Object: objectFromPB(req.Object), State: req.State, Locale: req.Locale, Registration: req.Registration})
}

func (s *grpcServer) render(ctx context.Context, req *sdk.RenderRequest) (*pb.RenderResponse, error) {
	out, err := s.impl.Render(ctx, req)
	if err != nil {
		return nil, toStatus(err)
	}
	return renderToPB(out), nil
}

// Handle applies the interaction and, when asked, renders the object with
// the new state in the same call, so that the engine makes one round trip
// per learner interaction and no content type has to implement it. If that
// Render fails the whole call fails: the engine stores nothing of a failed
// call, so no state is half applied.
func (s *grpcServer) Handle(ctx context.Context, req *pb.HandleRequest) (r *pb.HandleResponse, err error) {
	defer s.recoverTo(&err)
	in := handleFromPB(req)
	out, err := s.impl.Handle(ctx, in)
	if err != nil {
		return nil, toStatus(err)
	}
	r = &pb.HandleResponse{State: out.State, Result: resultToPB(out.Result), FeedbackHtml: out.FeedbackHTML}
	for _, d := range out.Statements {
		r.Statements = append(r.Statements, draftToPB(d))
	}
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

func (s *grpcServer) Asset(ctx context.Context, req *pb.AssetRequest) (r *pb.AssetResponse, err error) {
	defer s.recoverTo(&err)
	a, err := s.impl.Asset(ctx, req.Name)
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.AssetResponse{Name: a.Name, ContentType: a.ContentType, Data: a.Data}, nil
}

// toStatus maps an *sdk.InvalidError to InvalidArgument, so the engine answers
// the learner with a 400 and the message, and anything else to Internal.
func toStatus(err error) error {
	if sdk.IsInvalid(err) {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	// A content type that gave up because the engine's deadline passed
	// (or the engine went away) says so in gRPC's terms: the engine then
	// reports a hung call, not a bug, whichever side noticed first.
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, err.Error())
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, err.Error())
	}
	return status.Error(codes.Internal, err.Error())
}

// recoverTo turns a panic in the content type into an Internal error for
// this one call, so one bad input does not take the process (and every
// learner's objects of this type) down with it. The stack goes to the
// plugin's log, which the engine logs under the plugin's name (and sdktest
// shows in a failing test's output): the error alone would not say where
// it panicked.
func (s *grpcServer) recoverTo(err *error) {
	if r := recover(); r != nil {
		*err = status.Error(codes.Internal, fmt.Sprintf("content type panicked: %v", r))
		if s.log != nil {
			s.log.Error("content type panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}
}
