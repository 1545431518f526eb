package sdk

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lode-elearning/lode/sdk/internal/pb"
)

// GRPCClient is the engine's side of a content type: a ContentType whose
// methods call the plugin process. An *InvalidError from the plugin comes
// back as an *InvalidError; transport failures come back as gRPC status
// errors (codes.Unavailable when the process is gone).
type GRPCClient struct {
	client pb.ContentTypeClient
}

var _ ContentType = (*GRPCClient)(nil)

// Describe implements ContentType.
func (c *GRPCClient) Describe(ctx context.Context) (*Description, error) {
	r, err := c.client.Describe(ctx, &pb.DescribeRequest{}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	d := &Description{
		Name: r.Name, Title: r.Title, Version: r.Version, ProtocolVersion: int(r.ProtocolVersion),
		ConfigSchema: r.ConfigSchema, ActivityType: r.ActivityType, Profiles: r.Profiles,
		Capabilities: Capabilities{Scored: r.Scored, Completable: r.Completable, KeepsState: r.KeepsState},
	}
	for _, a := range r.Assets {
		d.Assets = append(d.Assets, AssetInfo{Name: a.Name, ContentType: a.ContentType})
	}
	return d, nil
}

// Validate implements ContentType.
func (c *GRPCClient) Validate(ctx context.Context, req *ValidateRequest) (*ValidateResponse, error) {
	r, err := c.client.Validate(ctx, &pb.ValidateRequest{Config: req.Config}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	resp := &ValidateResponse{}
	for _, p := range r.Problems {
		resp.Problems = append(resp.Problems, Problem{Pointer: p.Pointer, Message: p.Message})
	}
	return resp, nil
}

// Render implements ContentType.
func (c *GRPCClient) Render(ctx context.Context, req *RenderRequest) (*RenderResponse, error) {
	r, err := c.client.Render(ctx, &pb.RenderRequest{Object: objectToPB(req.Object), State: req.State, Locale: req.Locale, Registration: req.Registration}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return &RenderResponse{HTML: r.Html, Assets: r.Assets, ClientState: r.ClientState}, nil
}

// Handle implements ContentType.
func (c *GRPCClient) Handle(ctx context.Context, req *HandleRequest) (*HandleResponse, error) {
	r, err := c.client.Handle(ctx, &pb.HandleRequest{
		Object: objectToPB(req.Object), State: req.State, Locale: req.Locale,
		Event:        &pb.Event{Type: req.Event.Type, Data: req.Event.Data},
		Registration: req.Registration, SessionId: req.SessionID,
	}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	resp := &HandleResponse{State: r.State, Result: resultFromPB(r.Result), FeedbackHTML: r.FeedbackHtml}
	for _, s := range r.Statements {
		resp.Statements = append(resp.Statements, draftFromPB(s))
	}
	return resp, nil
}

// Asset implements ContentType.
func (c *GRPCClient) Asset(ctx context.Context, name string) (*Asset, error) {
	r, err := c.client.Asset(ctx, &pb.AssetRequest{Name: name}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return &Asset{Name: r.Name, ContentType: r.ContentType, Data: r.Data}, nil
}

// fromStatus turns the plugin's InvalidArgument back into an *InvalidError
// and leaves every other status error as it is.
func fromStatus(err error) error {
	if s, ok := status.FromError(err); ok && s.Code() == codes.InvalidArgument {
		return &InvalidError{Message: s.Message()}
	}
	return err
}
