package h2

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"golang.org/x/net/http2/hpack"
)

// errReset is what a stream's reads and writes return once the client has
// reset it or the connection is gone.
var errReset = errors.New("http2: stream reset by the client or its connection closed")

// errDiscarded ends a body nobody will read any more.
var errDiscarded = errors.New("http2: request body read after the handler returned")

// codeCancel is RST_STREAM's CANCEL.
const codeCancel = 0x8

// Stream is one request and its response. Its handler reads the request
// body with Read and answers with WriteHeaders and WriteData, the last of
// them with end set.
type Stream struct {
	c      *conn
	id     uint32
	fields []hpack.HeaderField
	ctx    context.Context
	cancel context.CancelFunc
	body   pipe

	sendWindow int64 // guarded by c.mu
	gone       bool  // guarded by c.mu: the client reset it, or left
	ended      bool  // the response is complete; the handler's own
}

func newStream(c *conn, id uint32, fields []hpack.HeaderField) *Stream {
	s := &Stream{c: c, id: id, fields: fields, sendWindow: c.initWindow}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.body.cond.L = &s.body.mu
	return s
}

// Context is done when the client resets the stream or the connection
// closes.
func (s *Stream) Context() context.Context { return s.ctx }

// Header returns the request's first field named name (lower case, as
// HTTP/2 sends them; pseudo-fields such as ":path" too), or "".
func (s *Stream) Header(name string) string {
	for _, f := range s.fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// Read reads the request body; io.EOF at its end.
func (s *Stream) Read(p []byte) (int, error) {
	n, err := s.body.read(p)
	s.c.giveBack(s, n)
	return n, err
}

// WriteHeaders sends a header block: the response's headers, or with end
// set its trailers.
func (s *Stream) WriteHeaders(fields []hpack.HeaderField, end bool) error {
	if err := s.check(); err != nil {
		return err
	}
	s.c.writeHeaders(s.id, fields, end)
	s.ended = end
	return nil
}

// WriteData sends p as DATA frames, as the client's flow-control windows
// allow; it waits for them to open.
func (s *Stream) WriteData(p []byte, end bool) error {
	for {
		n, err := s.reserve(len(p))
		if err != nil {
			return err
		}
		chunk := p[:n]
		p = p[n:]
		flags := byte(0)
		if end && len(p) == 0 {
			flags = flagEndStream
		}
		s.c.write(func(b []byte) []byte { return appendFrame(b, frameData, flags, s.id, chunk) })
		if len(p) == 0 {
			s.ended = end
			return nil
		}
	}
}

func (s *Stream) check() error {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if s.gone {
		return errReset
	}
	return nil
}

// reserve takes up to want bytes of both send windows, waiting while
// either is empty.
func (s *Stream) reserve(want int) (int, error) {
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if s.gone {
			return 0, errReset
		}
		n := min(int64(want), c.sendWindow, s.sendWindow, int64(c.maxFrame.Load()))
		if n > 0 || want == 0 {
			c.sendWindow -= n
			s.sendWindow -= n
			return int(n), nil
		}
		c.cond.Wait()
	}
}

// run calls the handler, then forgets the stream. A response the handler
// left unfinished is cancelled; a finished one while the client still
// sends tells it to stop (NO_ERROR), as RFC 9113 section 8.1 asks.
func (s *Stream) run() {
	defer s.cancel()
	s.c.handler(s)
	c := s.c
	clientDone := s.body.ended()
	// What the handler did not read (a health check's request, say) still
	// holds the connection's window: give it back, and what arrives later.
	c.giveBack(nil, s.body.discard())
	c.mu.Lock()
	delete(c.streams, s.id)
	gone := s.gone
	c.mu.Unlock()
	code, send := uint32(codeCancel), !s.ended
	if s.ended && !clientDone {
		code, send = codeNoError, true
	}
	if send && !gone {
		c.write(func(b []byte) []byte {
			return appendFrame(b, frameRSTStream, 0, s.id, binary.BigEndian.AppendUint32(nil, code))
		})
	}
}

// reset ends the stream from the client's side; c.mu is held.
func (s *Stream) reset() {
	s.gone = true
	s.cancel()
	s.body.close(errReset)
	s.c.cond.Broadcast()
}

// pipe holds a request body between the connection's reader, which writes
// DATA frames into it, and the handler.
type pipe struct {
	mu   sync.Mutex
	cond sync.Cond
	buf  bytes.Buffer
	err  error // io.EOF after END_STREAM, or errReset
}

// write adds b to the body; false when the body has ended and b is dropped.
func (p *pipe) write(b []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return false
	}
	p.buf.Write(b)
	p.cond.Signal()
	return true
}

// close ends the body with err after what it holds; the first error stays.
func (p *pipe) close(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = err
		p.cond.Broadcast()
	}
}

// discard drops what the body holds, and what comes after, and returns how
// many bytes it held.
func (p *pipe) discard() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.buf.Len()
	p.buf.Reset()
	if p.err == nil {
		p.err = errDiscarded
	}
	return n
}

// ended says whether the client will send no more of the body.
func (p *pipe) ended() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err != nil
}

func (p *pipe) read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.buf.Len() == 0 && p.err == nil {
		p.cond.Wait()
	}
	if p.buf.Len() > 0 {
		return p.buf.Read(b)
	}
	return 0, p.err
}

var _ io.Reader = (*Stream)(nil)
