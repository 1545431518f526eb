// Package plugin carries a content type (an sdk.ContentType) between the
// engine and a plugin process: go-plugin for the handshake and the process,
// gRPC and protobuf for the calls. A plugin's main is one call,
//
//	func main() { plugin.Serve(quiz.New()) }
//
// and the engine starts it with ClientConfig and Dispense. Package sdk
// holds the contract and links none of this, so the engine's domain and a
// content type's own code stay free of the transport.
//
// In Lode's code github.com/hashicorp/go-plugin is imported as goplugin, so
// that plugin always means this package.
package plugin

import (
	"context"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/pb"
)

// Handshake is sdk.Handshake as go-plugin wants it. Its ProtocolVersion is
// unused: VersionedPlugins negotiates the version instead.
var Handshake = goplugin.HandshakeConfig{
	MagicCookieKey:   sdk.Handshake.MagicCookieKey,
	MagicCookieValue: sdk.Handshake.MagicCookieValue,
}

// PluginName is the name under which a content type is dispensed.
const PluginName = "content"

// MaxMessageSize bounds one gRPC message each way. gRPC's default is 4 MiB;
// assets (images, scripts) can be larger, renders never should be.
const MaxMessageSize = 32 << 20

// VersionedPlugins returns the plugin sets for every protocol version this
// SDK speaks. impl is nil on the engine side.
func VersionedPlugins(impl sdk.ContentType) map[int]goplugin.PluginSet {
	return map[int]goplugin.PluginSet{
		sdk.ProtocolVersion: {PluginName: &GRPCPlugin{Impl: impl}},
	}
}

// GRPCPlugin is the go-plugin Plugin for content types, over gRPC only.
type GRPCPlugin struct {
	goplugin.NetRPCUnsupportedPlugin
	Impl   sdk.ContentType // set in the plugin process
	Logger hclog.Logger    // the plugin process's log, for the stacks of panics; nil for none
}

var _ goplugin.GRPCPlugin = (*GRPCPlugin)(nil)

// GRPCServer registers the content type on the plugin's gRPC server.
func (p *GRPCPlugin) GRPCServer(_ *goplugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterContentTypeServer(s, &grpcServer{impl: p.Impl, log: p.Logger})
	return nil
}

// GRPCClient returns an sdk.ContentType that calls the plugin over conn.
func (p *GRPCPlugin) GRPCClient(_ context.Context, _ *goplugin.GRPCBroker, conn *grpc.ClientConn) (any, error) {
	return &GRPCClient{client: pb.NewContentTypeClient(conn)}, nil
}

// CallOptions are the gRPC call options the engine uses for every call.
func CallOptions() []grpc.CallOption {
	return []grpc.CallOption{grpc.MaxCallRecvMsgSize(MaxMessageSize), grpc.MaxCallSendMsgSize(MaxMessageSize)}
}
