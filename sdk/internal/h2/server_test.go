package h2_test

import (
	"bytes"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/lode-elearning/lode/sdk/internal/h2"
)

// The server's edge cases, driven frame by frame by x/net's own framer as
// the client. The common path (grpc-go's client against a plugin process)
// is tested in sdk/plugin and engine/pluginhost.

// got is one frame the server sent, copied out of the framer.
type got struct {
	typ      http2.FrameType
	stream   uint32
	flags    http2.Flags
	data     []byte
	headers  map[string]string
	increase uint32 // WINDOW_UPDATE
	code     http2.ErrCode
}

type client struct {
	t      *testing.T
	fr     *http2.Framer
	frames chan got
	enc    *hpack.Encoder
	hb     bytes.Buffer
}

// startServer serves h on one end of a pipe and returns a client that has
// sent its preface and SETTINGS and read the server's SETTINGS.
func startServer(t *testing.T, h h2.Handler, settings ...http2.Setting) *client {
	t.Helper()
	sc, cc := net.Pipe()
	go h2.ServeConn(sc, h)
	t.Cleanup(func() { cc.Close() })
	c := &client{t: t, fr: http2.NewFramer(cc, cc), frames: make(chan got, 100)}
	c.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	c.enc = hpack.NewEncoder(&c.hb)
	go c.read()
	if _, err := io.WriteString(cc, http2.ClientPreface); err != nil {
		t.Fatal(err)
	}
	if err := c.fr.WriteSettings(settings...); err != nil {
		t.Fatal(err)
	}
	c.expect(http2.FrameSettings, 0)
	c.expect(http2.FrameWindowUpdate, 0) // the connection's window, raised
	return c
}

func (c *client) read() {
	defer close(c.frames)
	for {
		f, err := c.fr.ReadFrame()
		if err != nil {
			return
		}
		g := got{typ: f.Header().Type, stream: f.Header().StreamID, flags: f.Header().Flags}
		switch f := f.(type) {
		case *http2.DataFrame:
			g.data = bytes.Clone(f.Data())
		case *http2.MetaHeadersFrame:
			g.typ, g.headers = http2.FrameHeaders, map[string]string{}
			for _, hf := range f.Fields {
				g.headers[hf.Name] = hf.Value
			}
		case *http2.WindowUpdateFrame:
			g.increase = f.Increment
		case *http2.RSTStreamFrame:
			g.code = f.ErrCode
		case *http2.GoAwayFrame:
			g.code = f.ErrCode
		case *http2.PingFrame:
			g.data = bytes.Clone(f.Data[:])
		}
		c.frames <- g
	}
}

// expect returns the next frame of type typ on stream, skipping the window
// updates and settings acknowledgements in between.
func (c *client) expect(typ http2.FrameType, stream uint32) got {
	c.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case g, ok := <-c.frames:
			if !ok {
				c.t.Fatalf("connection closed waiting for %v on stream %d", typ, stream)
			}
			if g.typ == typ && g.stream == stream {
				return g
			}
			if g.typ != http2.FrameWindowUpdate && g.typ != http2.FrameSettings {
				c.t.Fatalf("got %v on stream %d (%+v), want %v on stream %d", g.typ, g.stream, g, typ, stream)
			}
		case <-timeout:
			c.t.Fatalf("no %v on stream %d", typ, stream)
		}
	}
}

func (c *client) block(fields ...string) []byte {
	c.hb.Reset()
	for i := 0; i < len(fields); i += 2 {
		c.enc.WriteField(hpack.HeaderField{Name: fields[i], Value: fields[i+1]})
	}
	return bytes.Clone(c.hb.Bytes())
}

// echo answers with the path and the request body, then trailers.
func echo(st *h2.Stream) {
	body, err := io.ReadAll(st)
	if err != nil {
		return
	}
	st.WriteHeaders([]hpack.HeaderField{{Name: ":status", Value: "200"}, {Name: "x-path", Value: st.Header(":path")}}, false)
	st.WriteData(body, false)
	st.WriteHeaders([]hpack.HeaderField{{Name: "grpc-status", Value: "0"}}, true)
}

func TestRequestInPiecesWithPadding(t *testing.T) {
	c := startServer(t, echo)
	block := c.block(":method", "POST", ":scheme", "http", ":path", "/svc/Method", "grpc-timeout", "1S")
	if err := c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block[:3], PadLength: 4,
		Priority: http2.PriorityParam{StreamDep: 0, Weight: 7}}); err != nil {
		t.Fatal(err)
	}
	c.fr.WriteContinuation(1, false, block[3:5])
	c.fr.WriteContinuation(1, true, block[5:])
	c.fr.WriteDataPadded(1, false, []byte("hello, "), []byte{0, 0, 0})
	c.fr.WriteData(1, true, []byte("world"))

	if h := c.expect(http2.FrameHeaders, 1); h.headers["x-path"] != "/svc/Method" || h.headers[":status"] != "200" {
		t.Errorf("response headers %v", h.headers)
	}
	if d := c.expect(http2.FrameData, 1); string(d.data) != "hello, world" {
		t.Errorf("body %q", d.data)
	}
	if tr := c.expect(http2.FrameHeaders, 1); tr.headers["grpc-status"] != "0" || !tr.flags.Has(http2.FlagHeadersEndStream) {
		t.Errorf("trailers %v, flags %v", tr.headers, tr.flags)
	}
}

// A response larger than the client's windows waits for them to open,
// stream and connection alike.
func TestFlowControl(t *testing.T) {
	const size = 70000 // over the connection's initial window of 65535
	c := startServer(t, func(st *h2.Stream) {
		st.WriteHeaders([]hpack.HeaderField{{Name: ":status", Value: "200"}}, false)
		st.WriteData(bytes.Repeat([]byte("x"), size), true)
	}, http2.Setting{ID: http2.SettingInitialWindowSize, Val: 1000}, http2.Setting{ID: http2.SettingMaxFrameSize, Val: 16384})
	c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.block(":path", "/big"), EndHeaders: true, EndStream: true})
	c.expect(http2.FrameHeaders, 1)
	if d := c.expect(http2.FrameData, 1); len(d.data) != 1000 {
		t.Fatalf("first DATA of %d bytes, want the stream window's 1000", len(d.data))
	}
	assertQuiet(t, c)
	c.fr.WriteWindowUpdate(1, 1<<20) // the stream's window opens; the connection's has 64535 left
	n := 1000
	for n < 65535 {
		n += len(c.expect(http2.FrameData, 1).data)
	}
	if n != 65535 {
		t.Fatalf("%d bytes sent, want the connection window's 65535", n)
	}
	assertQuiet(t, c)
	c.fr.WriteWindowUpdate(0, size)
	for {
		d := c.expect(http2.FrameData, 1)
		n += len(d.data)
		if d.flags.Has(http2.FlagDataEndStream) {
			break
		}
	}
	if n != size {
		t.Fatalf("%d bytes, want %d", n, size)
	}
}

// assertQuiet checks that the server sends nothing more for a moment: it is
// waiting for a window. (A wait that ends early fails the test; one that
// ends late only slows it.)
func assertQuiet(t *testing.T, c *client) {
	t.Helper()
	select {
	case g := <-c.frames:
		if g.typ == http2.FrameData {
			t.Fatalf("DATA of %d bytes sent beyond the window", len(g.data))
		}
	case <-time.After(100 * time.Millisecond):
	}
}

// A client's RST_STREAM cancels the handler's context and fails its
// blocked write; the connection serves the next stream.
func TestResetStream(t *testing.T) {
	done := make(chan error, 1)
	c := startServer(t, func(st *h2.Stream) {
		if st.Header(":path") != "/hang" {
			echo(st)
			return
		}
		st.WriteHeaders([]hpack.HeaderField{{Name: ":status", Value: "200"}}, false)
		err := st.WriteData(make([]byte, 5000), true) // over the client's window of 10
		<-st.Context().Done()
		done <- err
	}, http2.Setting{ID: http2.SettingInitialWindowSize, Val: 10})
	c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.block(":path", "/hang"), EndHeaders: true, EndStream: true})
	c.expect(http2.FrameHeaders, 1)
	c.expect(http2.FrameData, 1)
	c.fr.WriteRSTStream(1, http2.ErrCodeCancel)
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "reset") {
			t.Errorf("write error %v, want a reset", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the handler did not see the reset")
	}
	c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 3, BlockFragment: c.block(":path", "/next"), EndHeaders: true, EndStream: true})
	if h := c.expect(http2.FrameHeaders, 3); h.headers["x-path"] != "/next" {
		t.Errorf("next stream's headers %v", h.headers)
	}
}

// A handler that returns without ending its response resets the stream.
func TestUnfinishedResponseIsCancelled(t *testing.T) {
	c := startServer(t, func(st *h2.Stream) {})
	c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.block(":path", "/x"), EndHeaders: true, EndStream: true})
	if r := c.expect(http2.FrameRSTStream, 1); r.code != http2.ErrCodeCancel {
		t.Errorf("code %v", r.code)
	}
}

func TestPingIsAnswered(t *testing.T) {
	c := startServer(t, echo)
	c.fr.WritePing(false, [8]byte{1, 2, 3, 4, 5, 6, 7, 8})
	if p := c.expect(http2.FramePing, 0); !p.flags.Has(http2.FlagPingAck) || p.data[7] != 8 {
		t.Errorf("ping answer %+v", p)
	}
}

func TestProtocolErrorsEndTheConnection(t *testing.T) {
	for name, send := range map[string]func(c *client){
		"EvenStreamID": func(c *client) {
			c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 2, BlockFragment: c.block(":path", "/x"), EndHeaders: true})
		},
		"MissingContinuation": func(c *client) {
			c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.block(":path", "/x")})
			c.fr.WriteData(1, true, nil)
		},
	} {
		t.Run(name, func(t *testing.T) {
			c := startServer(t, echo)
			c.fr.AllowIllegalWrites = true
			send(c)
			if g := c.expect(http2.FrameGoAway, 0); g.code != http2.ErrCodeProtocol {
				t.Errorf("GOAWAY code %v", g.code)
			}
			for range c.frames { // then the server closes the connection
			}
		})
	}
}

// A request body the handler never reads (a health check's, say) is given
// back to the connection's window when the handler returns; otherwise
// every such call would shrink the window until the connection stalled.
func TestUnreadBodyGivesTheWindowBack(t *testing.T) {
	release := make(chan struct{})
	c := startServer(t, func(st *h2.Stream) {
		<-release
		st.WriteHeaders([]hpack.HeaderField{{Name: ":status", Value: "200"}}, true)
	})
	c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.block(":path", "/health"), EndHeaders: true})
	c.fr.WriteData(1, true, make([]byte, 1000))
	close(release)
	c.expect(http2.FrameHeaders, 1) // the window comes back after the handler
	returned := uint32(0)
	for returned < 1000 {
		returned += c.expect(http2.FrameWindowUpdate, 0).increase
	}
}
