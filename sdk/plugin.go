package sdk

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/lode-elearning/lode/sdk/internal/pb"
)

// Handshake is shared by the engine and every plugin. It is not security:
// it stops a user from running a plugin binary by hand and getting confused.
var Handshake = plugin.HandshakeConfig{
	MagicCookieKey:   "LODE_CONTENT_PLUGIN",
	MagicCookieValue: "b7d2f1a4-lode-content-type",
}

// PluginName is the name under which a content type is dispensed.
const PluginName = "content"

// MaxMessageSize bounds one gRPC message each way. gRPC's default is 4 MiB;
// assets (images, scripts) can be larger, renders never should be.
const MaxMessageSize = 32 << 20

// VersionedPlugins returns the plugin sets for every protocol version this
// SDK speaks. impl is nil on the engine side.
func VersionedPlugins(impl ContentType) map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		ProtocolVersion: {PluginName: &GRPCPlugin{Impl: impl}},
	}
}

// GRPCPlugin is the go-plugin Plugin for content types, over gRPC only.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl ContentType // set in the plugin process
}

var _ plugin.GRPCPlugin = (*GRPCPlugin)(nil)

// GRPCServer registers the content type on the plugin's gRPC server.
func (p *GRPCPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterContentTypeServer(s, &grpcServer{impl: p.Impl})
	return nil
}

// GRPCClient returns a ContentType that calls the plugin over conn.
func (p *GRPCPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, conn *grpc.ClientConn) (any, error) {
	return &GRPCClient{client: pb.NewContentTypeClient(conn)}, nil
}

// CallOptions are the gRPC call options the engine uses for every call.
func CallOptions() []grpc.CallOption {
	return []grpc.CallOption{grpc.MaxCallRecvMsgSize(MaxMessageSize), grpc.MaxCallSendMsgSize(MaxMessageSize)}
}
