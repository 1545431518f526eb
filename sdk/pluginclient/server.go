package pluginclient

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lode-elearning/lode/sdk/internal/pb"
	"github.com/lode-elearning/lode/sdk/internal/pbconv"
	"github.com/lode-elearning/lode/sdk/internal/pbgrpc"
	"github.com/lode-elearning/lode/sdk/internal/wire"
)

// grpcServer serves a wire.Server on a grpc.Server, for content types run
// in the test process.
type grpcServer struct {
	pbgrpc.UnimplementedContentTypeServer
	w *wire.Server
}

func (s *grpcServer) Describe(ctx context.Context, r *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	out, err := s.w.Describe(ctx)
	if err != nil {
		return nil, toStatus(err)
	}
	return pbconv.DescriptionToPB(out), nil
}

func (s *grpcServer) Validate(ctx context.Context, r *pb.ValidateRequest) (*pb.ValidateResponse, error) {
	out, err := s.w.Validate(ctx, pbconv.ValidateRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	return pbconv.ValidateToPB(out), nil
}

func (s *grpcServer) Render(ctx context.Context, r *pb.RenderRequest) (*pb.RenderResponse, error) {
	out, err := s.w.Render(ctx, pbconv.RenderRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	return pbconv.RenderToPB(out), nil
}

func (s *grpcServer) Handle(ctx context.Context, r *pb.HandleRequest) (*pb.HandleResponse, error) {
	out, err := s.w.Handle(ctx, pbconv.HandleRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	return pbconv.HandleResponseToPB(out), nil
}

func (s *grpcServer) Asset(ctx context.Context, r *pb.AssetRequest) (*pb.AssetResponse, error) {
	out, err := s.w.Asset(ctx, r.Name)
	if err != nil {
		return nil, toStatus(err)
	}
	return pbconv.AssetToPB(out), nil
}

// toStatus turns a *wire.Error into the gRPC status it stands for.
func toStatus(err error) error {
	var e *wire.Error
	if errors.As(err, &e) {
		return status.Error(codes.Code(e.Code), e.Message)
	}
	return err
}
