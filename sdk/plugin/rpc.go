package plugin

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http2/hpack"

	"github.com/lode-elearning/lode/sdk/internal/h2"
	"github.com/lode-elearning/lode/sdk/internal/wire"
)

// rpcHandler answers the gRPC calls the engine's client makes: the
// content type's five, go-plugin's health check and shutdown, and its
// stdio and broker streams, which a content type does not use and which
// are held open until the engine closes them. gRPC over HTTP/2 is a POST
// to /SERVICE/METHOD whose body is length-prefixed protobuf messages and
// whose status comes in trailers.
type rpcHandler struct {
	server   *wire.Server
	shutdown func() // called by the controller's Shutdown
}

func (h *rpcHandler) serve(st *h2.Stream) {
	path := st.Header(":path")
	if method, ok := strings.CutPrefix(path, "/lode.sdk.v1.ContentType/"); ok {
		unary(st, func(ctx context.Context, in []byte) ([]byte, error) { return h.server.Call(ctx, method, in) })
		return
	}
	switch path {
	case "/grpc.health.v1.Health/Check":
		// HealthCheckResponse{status: SERVING}: field 1, varint 1.
		reply(st, []byte{0x08, 0x01}, nil)
	case "/plugin.GRPCController/Shutdown":
		reply(st, nil, nil) // sent: the process may exit
		h.shutdown()
	case "/plugin.GRPCStdio/StreamStdio", "/plugin.GRPCBroker/StartStream":
		if st.WriteHeaders(responseHeaders, false) == nil {
			<-st.Context().Done()
		}
	default:
		reply(st, nil, &wire.Error{Code: wire.Unimplemented, Message: "unknown method " + path})
	}
}

var responseHeaders = []hpack.HeaderField{{Name: ":status", Value: "200"}, {Name: "content-type", Value: "application/grpc"}}

// unary reads one request message, calls fn and answers.
func unary(st *h2.Stream, fn func(context.Context, []byte) ([]byte, error)) {
	in, err := readMessage(st)
	if err != nil {
		reply(st, nil, &wire.Error{Code: wire.Internal, Message: err.Error()})
		return
	}
	ctx := st.Context()
	if t := st.Header("grpc-timeout"); t != "" {
		if d, ok := parseTimeout(t); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, d)
			defer cancel()
		}
	}
	out, err := fn(ctx, in)
	reply(st, out, err)
}

// readMessage reads one length-prefixed message: a compression flag byte
// (always 0: the engine does not compress), a 4-byte big-endian length,
// the protobuf bytes.
func readMessage(body io.Reader) ([]byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(body, head[:]); err != nil {
		return nil, fmt.Errorf("reading the request: %w", err)
	}
	if head[0] != 0 {
		return nil, errors.New("compressed requests are not supported")
	}
	n := binary.BigEndian.Uint32(head[1:])
	if n > wire.MaxMessageSize {
		return nil, fmt.Errorf("request of %d bytes is over the %d-byte limit", n, wire.MaxMessageSize)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(body, buf); err != nil {
		return nil, fmt.Errorf("reading the request: %w", err)
	}
	return buf, nil
}

// reply writes one message (none when err is set) and the status
// trailers. A write fails only when the engine has gone or given up on the
// call: nobody is left to tell.
func reply(st *h2.Stream, msg []byte, err error) {
	code, message := uint32(0), ""
	var e *wire.Error
	switch {
	case errors.As(err, &e):
		code, message = uint32(e.Code), e.Message
	case err != nil:
		code, message = uint32(wire.Internal), err.Error()
	}
	if st.WriteHeaders(responseHeaders, false) != nil {
		return
	}
	if err == nil {
		framed := make([]byte, 5, 5+len(msg))
		binary.BigEndian.PutUint32(framed[1:], uint32(len(msg)))
		if st.WriteData(append(framed, msg...), false) != nil {
			return
		}
	}
	trailers := []hpack.HeaderField{{Name: "grpc-status", Value: strconv.FormatUint(uint64(code), 10)}}
	if message != "" {
		trailers = append(trailers, hpack.HeaderField{Name: "grpc-message", Value: percentEncode(message)})
	}
	st.WriteHeaders(trailers, true)
}

// percentEncode encodes a status message as gRPC asks: printable ASCII
// but %, as it is; every other byte as %XX.
func percentEncode(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e && c != '%' {
			b = append(b, c)
		} else {
			b = append(b, fmt.Sprintf("%%%02X", c)...)
		}
	}
	return string(b)
}

// parseTimeout reads a grpc-timeout header: digits and a unit.
func parseTimeout(s string) (time.Duration, bool) {
	if len(s) < 2 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if err != nil {
		return 0, false
	}
	unit := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second,
		'm': time.Millisecond, 'u': time.Microsecond, 'n': time.Nanosecond}[s[len(s)-1]]
	if unit == 0 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}
