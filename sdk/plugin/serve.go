// Package plugin runs a content type as a plugin process. A plugin's main
// is one call,
//
//	func main() { plugin.Serve(quiz.New()) }
//
// and Lode starts the binary, talks to it and restarts it if it crashes.
// Serve speaks the protocol of the engine's plugin client (go-plugin's
// handshake, gRPC over HTTP/2 with mutual TLS) with the standard library,
// a small HTTP/2 server of its own and protobuf's wire encoding: it links
// neither go-plugin, gRPC, the protobuf runtime nor net/http, which would
// more than double the size of every plugin binary. The engine's side is
// package sdk/pluginclient.
package plugin

import (
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/h2"
	"github.com/lode-elearning/lode/sdk/internal/wire"
)

// Serve runs impl as a content-type plugin and never returns. It owns the
// handshake with the engine, protocol version negotiation, the message
// size limit and logging: log with log/slog (slog.Default writes JSON lines
// the engine re-logs under the plugin's name), to stderr, never to
// stdout, which carries the handshake.
//
// The process exits when the engine that started it dies, even by kill -9,
// so no plugin outlives its engine.
func Serve(impl sdk.ContentType) {
	log := newLogger(os.Stderr)
	if os.Getenv(sdk.Handshake.MagicCookieKey) != sdk.Handshake.MagicCookieValue {
		fmt.Fprintln(os.Stderr, "This program is a Lode content-type plugin: Lode starts it (put it in plugin_dir). It is not run by hand.")
		os.Exit(1)
	}
	ws := &wire.Server{Impl: impl, Panicked: func(v any, stack []byte) {
		log.Error("content type panicked", "panic", fmt.Sprint(v), "stack", string(stack))
	}}
	l, cert, err := listen()
	if err != nil {
		log.Error("plugin start failed", "err", err)
		os.Exit(1)
	}
	done := make(chan struct{})
	h := &rpcHandler{server: ws, shutdown: sync.OnceFunc(func() { close(done) })}
	go func() {
		err := serveConns(l, h)
		select {
		case <-done: // the listener was closed to exit
		default:
			log.Error("plugin server stopped", "err", err)
			os.Exit(1)
		}
	}()
	// The handshake line go-plugin's client reads: core protocol, app
	// protocol, network, address, protocol, server certificate.
	fmt.Printf("1|%d|%s|%s|grpc|%s\n", negotiate(), l.Addr().Network(), l.Addr().String(), cert.line)
	go exitWithParent(os.Getppid(), 200*time.Millisecond)
	<-done
	l.Close()
	os.Exit(0)
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

// serveConns serves each connection the engine opens (go-plugin's client
// opens one) until the listener fails.
func serveConns(l net.Listener, h *rpcHandler) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go h2.ServeConn(c, h.serve)
	}
}
