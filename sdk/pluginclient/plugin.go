// Package pluginclient is the engine's side of a content type: it starts a
// plugin process with go-plugin and calls it over gRPC (ClientConfig,
// Dispense). It also serves a content type over gRPC in the test process
// (GRPCPlugin), for sdktest.InProcess. A plugin's own side, plugin.Serve,
// links neither go-plugin nor gRPC: it speaks their protocol itself, so
// that a plugin binary stays small.
//
// In Lode's code github.com/hashicorp/go-plugin is imported as goplugin.
package pluginclient

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/pbgrpc"
	"github.com/lode-elearning/lode/sdk/internal/wire"
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
const MaxMessageSize = wire.MaxMessageSize

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

// GRPCServer registers the content type on a gRPC server.
func (p *GRPCPlugin) GRPCServer(_ *goplugin.GRPCBroker, s *grpc.Server) error {
	w := &wire.Server{Impl: p.Impl}
	if p.Logger != nil {
		w.Panicked = func(v any, stack []byte) {
			p.Logger.Error("content type panicked", "panic", fmt.Sprint(v), "stack", string(stack))
		}
	}
	pbgrpc.RegisterContentTypeServer(s, &grpcServer{w: w})
	return nil
}

// GRPCClient returns an sdk.ContentType that calls the plugin over conn.
func (p *GRPCPlugin) GRPCClient(_ context.Context, _ *goplugin.GRPCBroker, conn *grpc.ClientConn) (any, error) {
	return &GRPCClient{client: pbgrpc.NewContentTypeClient(conn)}, nil
}

// CallOptions are the gRPC call options the engine uses for every call.
func CallOptions() []grpc.CallOption {
	return []grpc.CallOption{grpc.MaxCallRecvMsgSize(MaxMessageSize), grpc.MaxCallSendMsgSize(MaxMessageSize)}
}
