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
	"github.com/lode-elearning/lode/sdk/internal/pbconv"
	"github.com/lode-elearning/lode/sdk/internal/pbgrpc"
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
	return pbconv.DescriptionFromPB(r), nil
}

// Validate implements ContentType.
func (c *GRPCClient) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	r, err := c.client.Validate(ctx, pbconv.ValidateRequestToPB(req), CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return pbconv.ValidateFromPB(r), nil
}

// Render implements ContentType.
func (c *GRPCClient) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	r, err := c.client.Render(ctx, pbconv.RenderRequestToPB(req), CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return pbconv.RenderFromPB(r), nil
}

// Handle implements ContentType.
func (c *GRPCClient) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	r, err := c.client.Handle(ctx, pbconv.HandleRequestToPB(req), CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return pbconv.HandleResponseFromPB(r), nil
}

// Asset implements sdk.ContentType.
func (c *GRPCClient) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
	r, err := c.client.Asset(ctx, &pb.AssetRequest{Name: name}, CallOptions()...)
	if err != nil {
		return nil, fromStatus(err)
	}
	return pbconv.AssetFromPB(r), nil
}

// fromStatus turns the plugin's InvalidArgument back into an *sdk.InvalidError
// and leaves every other status error as it is.
func fromStatus(err error) error {
	if s, ok := status.FromError(err); ok && s.Code() == codes.InvalidArgument {
		return &sdk.InvalidError{Message: s.Message()}
	}
	return err
}
