package pluginclient

import (
	"context"
	"os/exec"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/pb"
	"github.com/lode-elearning/lode/sdk/internal/pbgrpc"
	"github.com/lode-elearning/lode/sdk/internal/wire"
)

// ClientConfig returns the go-plugin client configuration the engine (and
// sdktest) use to start a content type from cmd: gRPC only, automatic mutual
// TLS, and the protocol versions this SDK speaks.
func ClientConfig(cmd *exec.Cmd, logger hclog.Logger) *goplugin.ClientConfig {
	return &goplugin.ClientConfig{
		HandshakeConfig:  Handshake,
		VersionedPlugins: VersionedPlugins(nil),
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		AutoMTLS:         true,
		StartTimeout:     10 * time.Second,
		Logger:           logger,
		GRPCDialOptions: []grpc.DialOption{
			grpc.WithDefaultCallOptions(CallOptions()...),
		},
	}
}

// Dispense starts (if needed) the plugin behind client and returns its
// sdk.ContentType.
func Dispense(client *goplugin.Client) (sdk.ContentType, error) {
	rpc, err := client.Client()
	if err != nil {
		return nil, err
	}
	raw, err := rpc.Dispense(PluginName)
	if err != nil {
		return nil, err
	}
	return raw.(sdk.ContentType), nil
}

// GRPCClient is the engine's side of a content type: an sdk.ContentType whose
// methods call the plugin process. An *sdk.InvalidError from the plugin comes
// back as an *sdk.InvalidError; transport failures come back as gRPC status
// errors (codes.Unavailable when the process is gone).
type GRPCClient struct {
	client pbgrpc.ContentTypeClient
}

var _ sdk.ContentType = (*GRPCClient)(nil)

// Describe implements ContentType.
func (c *GRPCClient) Describe(ctx context.Context) (*sdk.Description, error) {
	r, err := c.client.Describe(ctx, &pb.DescribeRequest{}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	d := &sdk.Description{
		Name: r.Name, Title: r.Title, Version: r.Version, ProtocolVersion: int(r.ProtocolVersion),
		ConfigSchema: r.ConfigSchema, ActivityType: r.ActivityType, Profiles: r.Profiles,
		Capabilities: sdk.Capabilities{Scored: r.Scored, Completable: r.Completable, KeepsState: r.KeepsState},
	}
	for _, a := range r.Assets {
		d.Assets = append(d.Assets, sdk.AssetInfo{Name: a.Name, ContentType: a.ContentType})
	}
	return d, nil
}

// Validate implements ContentType.
func (c *GRPCClient) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	r, err := c.client.Validate(ctx, &pb.ValidateRequest{Config: req.Config, ConfigVersion: int32(req.ConfigVersion)}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	resp := &sdk.ValidateResponse{}
	for _, p := range r.Problems {
		resp.Problems = append(resp.Problems, sdk.Problem{Pointer: p.Pointer, Message: p.Message})
	}
	return resp, nil
}

// Render implements ContentType.
func (c *GRPCClient) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	r, err := c.client.Render(ctx, &pb.RenderRequest{Object: wire.ObjectToPB(req.Object), State: req.State, Locale: req.Locale, Registration: req.Registration}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return wire.RenderFromPB(r), nil
}

// Handle implements ContentType.
func (c *GRPCClient) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	r, err := c.client.Handle(ctx, &pb.HandleRequest{
		Object: wire.ObjectToPB(req.Object), State: req.State, Locale: req.Locale,
		Event:        &pb.Event{Type: req.Event.Type, Data: req.Event.Data},
		Registration: req.Registration, SessionId: req.SessionID, Render: req.Render,
	}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	resp := &sdk.HandleResponse{State: r.State, Result: wire.ResultFromPB(r.Result), FeedbackHTML: r.FeedbackHtml, View: wire.RenderFromPB(r.View)}
	for _, s := range r.Statements {
		resp.Statements = append(resp.Statements, wire.DraftFromPB(s))
	}
	return resp, nil
}

// Asset implements sdk.ContentType.
func (c *GRPCClient) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	r, err := c.client.Asset(ctx, &pb.AssetRequest{Name: name}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return &sdk.Asset{Name: r.Name, ContentType: r.ContentType, Data: r.Data}, nil
}

// fromStatus turns the plugin's InvalidArgument back into an *sdk.InvalidError
// and leaves every other status error as it is.
func fromStatus(err error) error {
	if s, ok := status.FromError(err); ok && s.Code() == codes.InvalidArgument {
		return &sdk.InvalidError{Message: s.Message()}
	}
	return err
}
