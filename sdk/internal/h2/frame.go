package h2

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Frame types and flags (RFC 9113, section 6).
const (
	frameData         = 0x0
	frameHeaders      = 0x1
	frameRSTStream    = 0x3
	frameSettings     = 0x4
	framePushPromise  = 0x5
	framePing         = 0x6
	frameGoAway       = 0x7
	frameWindowUpdate = 0x8
	frameContinuation = 0x9

	flagEndStream  = 0x1
	flagAck        = 0x1
	flagEndHeaders = 0x4
	flagPadded     = 0x8
	flagPriority   = 0x20
)

// Settings (section 6.5.2).
const (
	settingHeaderTableSize   = 0x1
	settingInitialWindowSize = 0x4
	settingMaxFrameSize      = 0x5
)

// Error codes (section 7).
const (
	codeNoError       = 0x0
	codeProtocolError = 0x1
	codeFrameSize     = 0x6
)

const (
	// maxReadFrame is the largest frame payload this server accepts, the
	// protocol's default, which it does not raise.
	maxReadFrame = 16384
	// defaultWindow is the protocol's initial flow-control window.
	defaultWindow = 65535
)

// frame is one frame read from the connection.
type frame struct {
	typ      byte
	flags    byte
	streamID uint32
	payload  []byte
}

// readFrame reads one frame; buf is reused for the payload when it is large
// enough, so a frame is valid until the next read.
func readFrame(r io.Reader, buf []byte) (frame, []byte, error) {
	var head [9]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return frame{}, buf, err
	}
	n := int(head[0])<<16 | int(head[1])<<8 | int(head[2])
	if n > maxReadFrame {
		return frame{}, buf, connError{codeFrameSize, fmt.Sprintf("frame of %d bytes over the %d-byte limit", n, maxReadFrame)}
	}
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	f := frame{typ: head[3], flags: head[4], streamID: binary.BigEndian.Uint32(head[5:]) & (1<<31 - 1), payload: buf[:n]}
	_, err := io.ReadFull(r, f.payload)
	return f, buf, err
}

// appendFrame appends a frame's header and payload to b.
func appendFrame(b []byte, typ, flags byte, streamID uint32, payload []byte) []byte {
	n := len(payload)
	b = append(b, byte(n>>16), byte(n>>8), byte(n), typ, flags)
	b = binary.BigEndian.AppendUint32(b, streamID)
	return append(b, payload...)
}

// unpad strips the padding of a DATA or HEADERS frame and, for HEADERS,
// the priority fields.
func unpad(f frame) ([]byte, error) {
	p := f.payload
	pad := 0
	if f.flags&flagPadded != 0 {
		if len(p) < 1 {
			return nil, connError{codeProtocolError, "padded frame without a pad length"}
		}
		pad, p = int(p[0]), p[1:]
	}
	if f.typ == frameHeaders && f.flags&flagPriority != 0 {
		if len(p) < 5 {
			return nil, connError{codeProtocolError, "HEADERS frame too short for its priority"}
		}
		p = p[5:]
	}
	if pad > len(p) {
		return nil, connError{codeProtocolError, "padding longer than the frame"}
	}
	return p[:len(p)-pad], nil
}

// connError is a connection error: the server sends GOAWAY with the code
// and closes the connection.
type connError struct {
	code uint32
	msg  string
}

func (e connError) Error() string { return "http2: " + e.msg }
