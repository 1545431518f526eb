package xapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// kind is the JSON type of a node.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// node is a decoded JSON value. Unlike map[string]any it remembers the
// order of an object's members and the literal text of numbers, and
// decoding it rejects duplicate member names.
type node struct {
	kind kind
	b    bool
	s    string // a string, or a number's literal
	arr  []*node
	keys []string // an object's member names, in order
	obj  map[string]*node
	dup  string // the first member name an object repeats
}

// parseJSON decodes exactly one JSON value (RFC 8259), which must be
// UTF-8. A member name repeated in an object is recorded in dup (the last
// value wins), so that the statement decoder can reject it where the spec
// requires and name the property. The tokens come from jsontext, which
// measured as fast as the scanner Lode once had of its own and two to four
// times faster than encoding/json's Token API (docs/PERFORMANCE.md).
func parseJSON(raw []byte) (*node, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("the JSON is not valid UTF-8")
	}
	d := decoders.Get().(*textDecoder)
	defer d.release()
	d.in = *bytes.NewBuffer(raw)
	// Duplicate names are the decoder's to reject, with the property's
	// path. Invalid UTF-8 is excluded above; allowing it here makes a lone
	// surrogate escape U+FFFD, as encoding/json does.
	d.dec.Reset(&d.in, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	n, err := readValue(&d.dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.dec.ReadToken(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

// maxDepth bounds the nesting of arrays and objects in a statement,
// extension values included. It keeps the recursive decoder's stack small
// and the statement within what the stores' JSON functions accept (SQLite
// stops at 1000).
const maxDepth = 512

// textDecoder is a jsontext Decoder and the buffer it reads, kept between
// calls in decoders: a new one costs six allocations and 400 bytes, as much
// as the tree of a small statement.
type textDecoder struct {
	dec jsontext.Decoder
	in  bytes.Buffer
}

var decoders = sync.Pool{New: func() any { return new(textDecoder) }}

// release returns d to decoders, without the input it read, which the
// pool would otherwise keep alive.
func (d *textDecoder) release() {
	d.in = bytes.Buffer{}
	d.dec.Reset(&d.in)
	decoders.Put(d)
}

// readValue reads the next value of dec, at depth depth, into a node.
func readValue(dec *jsontext.Decoder, depth int) (*node, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case 'n':
		return &node{kind: kindNull}, nil
	case 't', 'f':
		return &node{kind: kindBool, b: tok.Bool()}, nil
	case '"':
		return &node{kind: kindString, s: tok.String()}, nil
	case '0':
		return &node{kind: kindNumber, s: tok.String()}, nil // the literal
	}
	if depth >= maxDepth {
		return nil, fmt.Errorf("arrays and objects are nested more than %d deep", maxDepth)
	}
	if tok.Kind() == '[' {
		n := &node{kind: kindArray, arr: []*node{}}
		for dec.PeekKind() != ']' {
			el, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			n.arr = append(n.arr, el)
		}
		_, err := dec.ReadToken()
		return n, err
	}
	n := &node{kind: kindObject, obj: map[string]*node{}}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		name := tok.String() // before the next read invalidates tok
		val, err := readValue(dec, depth+1)
		if err != nil {
			return nil, err
		}
		n.set(name, val)
	}
	_, err = dec.ReadToken()
	return n, err
}

// set sets an object's member, recording a repeated name in dup.
func (n *node) set(key string, val *node) {
	if _, dup := n.obj[key]; dup {
		if n.dup == "" {
			n.dup = key
		}
	} else {
		n.keys = append(n.keys, key)
	}
	n.obj[key] = val
}

// encode writes n back as compact JSON: object members in their order,
// numbers as written.
func (n *node) encode(buf *bytes.Buffer) {
	switch n.kind {
	case kindNull:
		buf.WriteString("null")
	case kindBool:
		buf.WriteString(strconv.FormatBool(n.b))
	case kindNumber:
		buf.WriteString(n.s)
	case kindString:
		writeString(buf, n.s)
	case kindArray:
		buf.WriteByte('[')
		for i, el := range n.arr {
			if i > 0 {
				buf.WriteByte(',')
			}
			el.encode(buf)
		}
		buf.WriteByte(']')
	case kindObject:
		buf.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, k)
			buf.WriteByte(':')
			n.obj[k].encode(buf)
		}
		buf.WriteByte('}')
	}
}

func writeString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // a Go string always encodes
	buf.Write(b)
}

// raw returns n as compact JSON.
func (n *node) raw() json.RawMessage {
	var buf bytes.Buffer
	n.encode(&buf)
	return buf.Bytes()
}
