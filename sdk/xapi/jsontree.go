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
	s    string   // a string, or a number's literal
	arr  []*node  // an array's elements, or an object's member values
	keys []string // an object's member names, in order, beside arr
	// rare holds what few objects need, out of line: a statement has a
	// hundred-odd nodes, and a smaller node is less to clear and scan.
	rare *rareObject
}

// rareObject is what an object has only when it is large or repeats a
// name.
type rareObject struct {
	// idx finds a member of an object with more than smallObject members;
	// smaller ones (nearly all of a statement's) are searched in keys,
	// which costs less than building a map.
	idx map[string]int
	dup string // the first member name an object repeats
}

// dup returns the first member name the object n repeats, or "".
func (n *node) dup() string {
	if n.rare == nil {
		return ""
	}
	return n.rare.dup
}

// idx returns the index of the object n's members, if it has one.
func (n *node) idx() map[string]int {
	if n.rare == nil {
		return nil
	}
	return n.rare.idx
}

// smallObject is the number of members up to which an object has no idx.
const smallObject = 12

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
	// A value takes at least two bytes of JSON text and a statement's
	// take 20 to 25 on average (a member's name and punctuation with
	// each): slabs of about len(raw)/20 leave little unused on a
	// statement and need few refills on a large one.
	tr := tree{dec: &d.dec, src: string(raw), chunk: min(len(raw)/20+8, 128),
		keyStack: d.keyStack[:0], valStack: d.valStack[:0]}
	n, err := tr.readValue(0)
	d.keyStack, d.valStack = tr.keyStack, tr.valStack
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
	// The tree's stacks, kept too: grown from nothing at every parse they
	// cost ten allocations a statement.
	keyStack []string
	valStack []*node
}

var decoders = sync.Pool{New: func() any { return new(textDecoder) }}

// release returns d to decoders, without the input it read, which the
// pool would otherwise keep alive.
func (d *textDecoder) release() {
	d.in = bytes.Buffer{}
	d.dec.Reset(&d.in)
	if cap(d.keyStack) > maxKeptStack || cap(d.valStack) > maxKeptStack {
		return // a huge object's stacks: let them go
	}
	// Cleared, so that they keep no node or input alive.
	clear(d.keyStack[:cap(d.keyStack)])
	clear(d.valStack[:cap(d.valStack)])
	decoders.Put(d)
}

// maxKeptStack is the capacity up to which a parse's stacks are kept for
// the next: a statement's open objects hold a few dozen members.
const maxKeptStack = 1024

// tree builds the nodes of one parse. It hands them out from slabs, so
// that a statement's hundred-odd nodes cost a few allocations, not one each.
type tree struct {
	dec *jsontext.Decoder
	// src is the input as one string: a string value without escapes, a
	// number and a member name are slices of it, not copies. The decoded
	// statement keeps src alive, which costs about what copies would.
	src  string
	slab []node
	// The members of the arrays and objects being read wait on these
	// stacks; a finished one takes its own, exactly sized, from the slabs.
	keyStack []string
	valStack []*node
	keySlab  []string
	valSlab  []*node
	chunk    int // the length of a new slab
}

// carve copies src to the front of *slab (a new one when it has too little
// room left) and returns that copy, capped so that appending to it cannot
// reach the rest of the slab.
func carve[T any](slab *[]T, src []T, chunk int) []T {
	if len(src) == 0 {
		return []T{}
	}
	if len(src) > len(*slab) {
		*slab = make([]T, max(len(src), chunk))
	}
	out := (*slab)[:len(src):len(src)]
	copy(out, src)
	*slab = (*slab)[len(src):]
	return out
}

func (t *tree) newNode(k kind) *node {
	if len(t.slab) == 0 {
		t.slab = make([]node, t.chunk)
	}
	n := &t.slab[0]
	t.slab = t.slab[1:]
	n.kind = k
	return n
}

// readValue reads the next value, at depth depth, into a node.
func (t *tree) readValue(depth int) (*node, error) {
	dec := t.dec
	switch dec.PeekKind() {
	case '"':
		s, err := t.readString()
		if err != nil {
			return nil, err
		}
		n := t.newNode(kindString)
		n.s = s
		return n, nil
	case '0':
		v, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		n := t.newNode(kindNumber)
		n.s = t.slice(len(v)) // the literal
		return n, nil
	case '[', '{':
		if depth >= maxDepth {
			return nil, fmt.Errorf("arrays and objects are nested more than %d deep", maxDepth)
		}
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case 'n':
		return t.newNode(kindNull), nil
	case 't', 'f':
		n := t.newNode(kindBool)
		n.b = tok.Bool()
		return n, nil
	case '[':
		return t.readArray(depth)
	}
	return t.readObject(depth)
}

// readArray reads the elements of an array whose '[' has been read.
func (t *tree) readArray(depth int) (*node, error) {
	n := t.newNode(kindArray)
	start := len(t.valStack)
	for t.dec.PeekKind() != ']' {
		el, err := t.readValue(depth + 1)
		if err != nil {
			return nil, err
		}
		t.valStack = append(t.valStack, el)
	}
	n.arr = carve(&t.valSlab, t.valStack[start:], t.chunk)
	t.valStack = t.valStack[:start]
	_, err := t.dec.ReadToken()
	return n, err
}

// readObject reads the members of an object whose '{' has been read. A
// repeated name is recorded in dup; its last value wins, in the place of
// the first.
func (t *tree) readObject(depth int) (*node, error) {
	n := t.newNode(kindObject)
	// The stacks differ in height: arrays push values only.
	kstart, vstart := len(t.keyStack), len(t.valStack)
	var idx map[string]int
	var dup string
	for t.dec.PeekKind() != '}' {
		name, err := t.readString()
		if err != nil {
			return nil, err
		}
		val, err := t.readValue(depth + 1)
		if err != nil {
			return nil, err
		}
		if i := findKey(t.keyStack[kstart:], idx, name); i >= 0 {
			if dup == "" {
				dup = name
			}
			t.valStack[vstart+i] = val
			continue
		}
		t.keyStack = append(t.keyStack, name)
		t.valStack = append(t.valStack, val)
		idx = addKey(idx, t.keyStack[kstart:])
	}
	if idx != nil || dup != "" {
		n.rare = &rareObject{idx: idx, dup: dup}
	}
	n.keys = carve(&t.keySlab, t.keyStack[kstart:], t.chunk)
	n.arr = carve(&t.valSlab, t.valStack[vstart:], t.chunk)
	t.keyStack, t.valStack = t.keyStack[:kstart], t.valStack[:vstart]
	_, err := t.dec.ReadToken()
	return n, err
}

// readString reads a string, as jsontext's Token.String would unquote it
// but, when it has no escape, without copying it.
func (t *tree) readString() (string, error) {
	v, err := t.dec.ReadValue()
	if err != nil {
		return "", err
	}
	if bytes.IndexByte(v, '\\') >= 0 {
		// ReadValue has checked the syntax, so the only error left is a
		// lone surrogate, which becomes U+FFFD as in Token.String.
		b, _ := jsontext.AppendUnquote(nil, v)
		return string(b), nil
	}
	s := t.slice(len(v))
	return s[1 : len(s)-1], nil
}

// slice returns the n bytes of src that the decoder has just read.
func (t *tree) slice(n int) string {
	end := int(t.dec.InputOffset())
	return t.src[end-n : end]
}

// addKey returns idx with the last of keys added, or, when keys have just
// become more than smallObject, a new map of them all.
func addKey(idx map[string]int, keys []string) map[string]int {
	switch {
	case idx != nil:
		idx[keys[len(keys)-1]] = len(keys) - 1
	case len(keys) > smallObject:
		idx = make(map[string]int, 2*len(keys))
		for i, k := range keys {
			idx[k] = i
		}
	}
	return idx
}

// findKey returns the position of key in keys, found through idx if there
// is one, or -1.
func findKey(keys []string, idx map[string]int, key string) int {
	if idx != nil {
		if i, ok := idx[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range keys {
		if k == key {
			return i
		}
	}
	return -1
}

// get returns the member key of an object, or nil if it has none.
func (n *node) get(key string) *node {
	if i := findKey(n.keys, n.idx(), key); i >= 0 {
		return n.arr[i]
	}
	return nil
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
			n.arr[i].encode(buf)
		}
		buf.WriteByte('}')
	}
}

// writeString writes s as encoding/json quotes it. A string that needs no
// escape (nearly all) is copied; the others go through json.Marshal, which
// also escapes <, >, &, U+2028 and U+2029 and replaces invalid UTF-8.
func writeString(buf *bytes.Buffer, s string) {
	if !plainString(s) {
		b, _ := json.Marshal(s) // a Go string always encodes
		buf.Write(b)
		return
	}
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
}

// plainString reports whether encoding/json writes s between quotes as it is.
func plainString(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if escapedASCII[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// escapedASCII marks the ASCII bytes encoding/json escapes in a string:
// controls, the quote, the backslash and <, >, & (a table: plainString
// runs on every string a statement's encoding writes).
var escapedASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for _, c := range []byte(`"\<>&`) {
		t[c] = true
	}
	return t
}()

// raw returns n as compact JSON.
func (n *node) raw() json.RawMessage {
	var buf bytes.Buffer
	n.encode(&buf)
	return buf.Bytes()
}
