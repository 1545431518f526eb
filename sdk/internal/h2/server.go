// Package h2 is the HTTP/2 server of a plugin process: just what a gRPC
// client (the engine's go-plugin client) needs, over a connection that is
// already open, TLS or clear text with prior knowledge. net/http's server
// would do, but links its client, HTTP/1, MIME, URL and IDNA handling: a
// megabyte of every plugin binary. Header compression is
// golang.org/x/net/http2/hpack's.
//
// It implements streams, header blocks with CONTINUATION, flow control
// both ways, SETTINGS, PING and RST_STREAM; not server push, priorities
// (ignored, as the RFC allows) or HTTP/1 upgrade.
package h2

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"

	"golang.org/x/net/http2/hpack"
)

// Handler serves one stream; the stream is reset if it returns before
// ending its response.
type Handler func(*Stream)

const preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// recvWindow is the flow-control window this server gives each stream and
// the connection: a request is read as it arrives, and the window is
// given back as the handler reads it.
const recvWindow = 1 << 20

// conn is one client connection.
type conn struct {
	nc      net.Conn
	handler Handler

	wmu sync.Mutex // serializes writes and the header encoder's state
	bw  *bufio.Writer
	enc *hpack.Encoder
	hb  bytes.Buffer // the encoder's output

	mu         sync.Mutex // guards what follows
	cond       *sync.Cond // signalled when a send window grows or a stream ends
	streams    map[uint32]*Stream
	lastID     uint32
	sendWindow int64 // the connection's send window
	initWindow int64 // the peer's initial stream window
	closed     bool

	maxFrame atomic.Int32 // the peer's largest frame
}

// ServeConn serves HTTP/2 on nc until the client goes away or breaks the
// protocol; it closes nc.
func ServeConn(nc net.Conn, h Handler) error {
	c := &conn{nc: nc, handler: h, bw: bufio.NewWriterSize(nc, 32<<10), streams: map[uint32]*Stream{},
		sendWindow: defaultWindow, initWindow: defaultWindow}
	c.cond = sync.NewCond(&c.mu)
	c.maxFrame.Store(maxReadFrame)
	c.enc = hpack.NewEncoder(&c.hb)
	err := c.serve()
	c.close()
	var ce connError
	if errors.As(err, &ce) {
		c.goAway(ce.code)
	}
	nc.Close()
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func (c *conn) serve() error {
	// The server's preface is its SETTINGS; it need not wait for the
	// client's.
	var settings []byte
	settings = binary.BigEndian.AppendUint16(settings, settingInitialWindowSize)
	settings = binary.BigEndian.AppendUint32(settings, recvWindow)
	c.write(func(b []byte) []byte {
		b = appendFrame(b, frameSettings, 0, 0, settings)
		return appendFrame(b, frameWindowUpdate, 0, 0, binary.BigEndian.AppendUint32(nil, recvWindow-defaultWindow))
	})
	r := bufio.NewReaderSize(c.nc, 32<<10)
	var p [len(preface)]byte
	if _, err := io.ReadFull(r, p[:]); err != nil {
		return err
	}
	if string(p[:]) != preface {
		return connError{codeProtocolError, "not an HTTP/2 client preface"}
	}
	dec := hpack.NewDecoder(4096, nil)
	var buf []byte
	for {
		f, b, err := readFrame(r, buf)
		if err != nil {
			return err
		}
		buf = b
		if err := c.handle(f, r, dec); err != nil {
			return err
		}
	}
}

// handle acts on one frame from the client.
func (c *conn) handle(f frame, r io.Reader, dec *hpack.Decoder) error {
	switch f.typ {
	case frameHeaders:
		return c.headers(f, r, dec)
	case frameData:
		return c.data(f)
	case frameRSTStream:
		c.mu.Lock()
		if s := c.streams[f.streamID]; s != nil {
			s.reset()
		}
		c.mu.Unlock()
	case frameSettings:
		return c.settings(f)
	case framePing:
		if f.flags&flagAck == 0 && len(f.payload) == 8 {
			payload := bytes.Clone(f.payload)
			c.write(func(b []byte) []byte { return appendFrame(b, framePing, flagAck, 0, payload) })
		}
	case frameWindowUpdate:
		return c.windowUpdate(f)
	case frameGoAway:
		return io.EOF
	case framePushPromise, frameContinuation:
		return connError{codeProtocolError, "unexpected frame"}
	}
	return nil // PRIORITY and unknown types are ignored
}

// headers starts a stream from a HEADERS frame and its CONTINUATIONs.
func (c *conn) headers(f frame, r io.Reader, dec *hpack.Decoder) error {
	block, err := unpad(f)
	if err != nil {
		return err
	}
	block = bytes.Clone(block)
	for flags := f.flags; flags&flagEndHeaders == 0; {
		cf, _, err := readFrame(r, nil)
		if err != nil {
			return err
		}
		if cf.typ != frameContinuation || cf.streamID != f.streamID {
			return connError{codeProtocolError, "header block not followed by its CONTINUATION"}
		}
		block, flags = append(block, cf.payload...), cf.flags
	}
	fields, err := dec.DecodeFull(block)
	if err != nil {
		return connError{codeProtocolError, err.Error()}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.streams[f.streamID]; s != nil { // trailers: they end the request
		if f.flags&flagEndStream != 0 {
			s.body.close(io.EOF)
		}
		return nil
	}
	if f.streamID%2 == 0 || f.streamID <= c.lastID {
		return connError{codeProtocolError, "bad stream id"}
	}
	c.lastID = f.streamID
	s := newStream(c, f.streamID, fields)
	c.streams[s.id] = s
	if f.flags&flagEndStream != 0 {
		s.body.close(io.EOF)
	}
	go s.run()
	return nil
}

// data hands a DATA frame's bytes to its stream.
func (c *conn) data(f frame) error {
	p, err := unpad(f)
	if err != nil {
		return err
	}
	c.mu.Lock()
	s := c.streams[f.streamID]
	c.mu.Unlock()
	if s == nil {
		// A stream the server has finished: its window is the client's
		// business now, the connection's is still ours to give back.
		c.giveBack(nil, len(f.payload))
		return nil
	}
	// Padding counts against the windows but is never read, nor is data
	// for a stream that was reset: give it back.
	unread := len(f.payload) - len(p)
	if !s.body.write(p) {
		unread = len(f.payload)
	}
	c.giveBack(s, unread)
	if f.flags&flagEndStream != 0 {
		s.body.close(io.EOF)
	}
	return nil
}

// giveBack returns n bytes of receive window for the connection and, when
// it still sends, stream s.
func (c *conn) giveBack(s *Stream, n int) {
	if n <= 0 {
		return
	}
	c.write(func(b []byte) []byte {
		inc := binary.BigEndian.AppendUint32(nil, uint32(n))
		b = appendFrame(b, frameWindowUpdate, 0, 0, inc)
		if s != nil && !s.body.ended() {
			b = appendFrame(b, frameWindowUpdate, 0, s.id, inc)
		}
		return b
	})
}

func (c *conn) settings(f frame) error {
	if f.flags&flagAck != 0 {
		return nil
	}
	if len(f.payload)%6 != 0 {
		return connError{codeFrameSize, "SETTINGS frame of a bad length"}
	}
	c.mu.Lock()
	tableSize := int64(-1)
	for p := f.payload; len(p) > 0; p = p[6:] {
		v := binary.BigEndian.Uint32(p[2:])
		switch binary.BigEndian.Uint16(p) {
		case settingInitialWindowSize:
			// The change applies to the windows of open streams too.
			delta := int64(v) - c.initWindow
			for _, s := range c.streams {
				s.sendWindow += delta
			}
			c.initWindow = int64(v)
		case settingMaxFrameSize:
			c.maxFrame.Store(int32(min(v, 1<<24-1)))
		case settingHeaderTableSize:
			tableSize = int64(v)
		}
	}
	c.cond.Broadcast()
	c.mu.Unlock()
	if tableSize >= 0 {
		c.wmu.Lock()
		c.enc.SetMaxDynamicTableSizeLimit(uint32(tableSize))
		c.wmu.Unlock()
	}
	c.write(func(b []byte) []byte { return appendFrame(b, frameSettings, flagAck, 0, nil) })
	return nil
}

func (c *conn) windowUpdate(f frame) error {
	if len(f.payload) != 4 {
		return connError{codeFrameSize, "WINDOW_UPDATE frame of a bad length"}
	}
	inc := int64(binary.BigEndian.Uint32(f.payload) & (1<<31 - 1))
	c.mu.Lock()
	defer c.mu.Unlock()
	if f.streamID == 0 {
		c.sendWindow += inc
	} else if s := c.streams[f.streamID]; s != nil {
		s.sendWindow += inc
	}
	c.cond.Broadcast()
	return nil
}

// write appends frames with add and sends them at once. Write errors are
// not returned: a broken connection also fails the read loop, which ends
// every stream.
func (c *conn) write(add func([]byte) []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.bw.Write(add(nil))
	c.bw.Flush()
}

// writeHeaders encodes fields and sends them as one header block.
func (c *conn) writeHeaders(id uint32, fields []hpack.HeaderField, end bool) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.hb.Reset()
	for _, f := range fields {
		c.enc.WriteField(f)
	}
	block := c.hb.Bytes()
	typ, flags := byte(frameHeaders), byte(0)
	if end {
		flags = flagEndStream
	}
	for {
		n := min(len(block), int(c.maxFrame.Load()))
		if n == len(block) {
			flags |= flagEndHeaders
		}
		c.bw.Write(appendFrame(nil, typ, flags, id, block[:n]))
		block, typ, flags = block[n:], frameContinuation, 0
		if len(block) == 0 {
			break
		}
	}
	c.bw.Flush()
}

func (c *conn) goAway(code uint32) {
	c.write(func(b []byte) []byte {
		p := binary.BigEndian.AppendUint32(nil, c.lastID)
		return appendFrame(b, frameGoAway, 0, 0, binary.BigEndian.AppendUint32(p, code))
	})
}

// close ends every stream: the client is gone.
func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, s := range c.streams {
		s.reset()
	}
	c.cond.Broadcast()
}
