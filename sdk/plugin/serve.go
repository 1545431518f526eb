package plugin

import (
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/lode-elearning/lode/sdk"
)

// Serve runs impl as a content-type plugin and never returns. It owns the
// handshake with the engine, protocol version negotiation, the gRPC message
// size limit and logging: log through hclog.Default() or slog to stderr,
// never to stdout, which carries the handshake.
//
// The process exits when the engine that started it dies, even by kill -9,
// so no plugin outlives its engine.
func Serve(impl sdk.ContentType) {
	logger := hclog.New(&hclog.LoggerOptions{
		Level:      hclog.Info,
		Output:     os.Stderr,
		JSONFormat: true, // the engine parses these lines and re-logs them tagged by plugin
	})
	hclog.SetDefault(logger)
	go exitWithParent(os.Getppid(), 200*time.Millisecond)
	goplugin.Serve(&goplugin.ServeConfig{
		HandshakeConfig: Handshake,
		VersionedPlugins: map[int]goplugin.PluginSet{
			sdk.ProtocolVersion: {PluginName: &GRPCPlugin{Impl: impl, Logger: logger}},
		},
		GRPCServer: newGRPCServer,
		Logger:     logger,
	})
}

func newGRPCServer(opts []grpc.ServerOption) *grpc.Server {
	opts = append(opts, grpc.MaxRecvMsgSize(MaxMessageSize), grpc.MaxSendMsgSize(MaxMessageSize))
	return grpc.NewServer(opts...)
}

// exitWithParent polls the parent pid: when the engine dies the plugin is
// re-parented (to init or a subreaper) and its parent pid changes. Polling
// is portable, unlike Linux's Pdeathsig, which fires when the *thread* that
// started the child exits, and Go threads come and go.
func exitWithParent(ppid int, every time.Duration) {
	if ppid <= 1 {
		return // started by init: nobody to watch
	}
	for range time.Tick(every) {
		if os.Getppid() != ppid {
			os.Exit(0)
		}
	}
}
