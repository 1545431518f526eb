package xapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
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
// requires. It is a scanner of its own rather than encoding/json's Token
// API, which cost four times as much and was most of the time an LRS spent
// on a statement.
func parseJSON(raw []byte) (*node, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("the JSON is not valid UTF-8")
	}
	sc := scanner{data: raw}
	n, err := sc.value(0)
	if err != nil {
		return nil, err
	}
	if sc.skipSpace(); sc.pos < len(sc.data) {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

// maxDepth bounds the nesting of arrays and objects in a statement,
// extension values included. It keeps the recursive decoder's stack small
// and the statement within what the stores' JSON functions accept (SQLite
// stops at 1000).
const maxDepth = 512

// scanner reads JSON values from data, from pos on.
type scanner struct {
	data []byte
	pos  int
}

func (sc *scanner) skipSpace() {
	for sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\n', '\r':
			sc.pos++
		default:
			return
		}
	}
}

// errorf reports a syntax error at the current byte offset.
func (sc *scanner) errorf(format string, args ...any) error {
	if sc.pos >= len(sc.data) {
		return errors.New("unexpected end of JSON input")
	}
	return fmt.Errorf("%s at byte %d", fmt.Sprintf(format, args...), sc.pos)
}

func (sc *scanner) unexpected(looking string) error {
	if sc.pos >= len(sc.data) {
		return errors.New("unexpected end of JSON input")
	}
	return sc.errorf("invalid character %q %s", sc.data[sc.pos], looking)
}

// literal consumes word if data continues with it.
func (sc *scanner) literal(word string) bool {
	if !bytes.HasPrefix(sc.data[sc.pos:], []byte(word)) {
		return false
	}
	sc.pos += len(word)
	return true
}

func (sc *scanner) value(depth int) (*node, error) {
	sc.skipSpace()
	if sc.pos >= len(sc.data) {
		return nil, errors.New("unexpected end of JSON input")
	}
	switch c := sc.data[sc.pos]; {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return nil, fmt.Errorf("arrays and objects are nested more than %d deep", maxDepth)
		}
		sc.pos++
		if c == '[' {
			return sc.array(depth + 1)
		}
		return sc.object(depth + 1)
	case c == '"':
		s, err := sc.string()
		if err != nil {
			return nil, err
		}
		return &node{kind: kindString, s: s}, nil
	case c == '-' || c >= '0' && c <= '9':
		lit, err := sc.number()
		if err != nil {
			return nil, err
		}
		return &node{kind: kindNumber, s: lit}, nil
	case sc.literal("true"):
		return &node{kind: kindBool, b: true}, nil
	case sc.literal("false"):
		return &node{kind: kindBool}, nil
	case sc.literal("null"):
		return &node{kind: kindNull}, nil
	}
	return nil, sc.unexpected("looking for beginning of value")
}

func (sc *scanner) array(depth int) (*node, error) {
	n := &node{kind: kindArray, arr: []*node{}}
	if sc.skipSpace(); sc.pos < len(sc.data) && sc.data[sc.pos] == ']' {
		sc.pos++
		return n, nil
	}
	for {
		el, err := sc.value(depth)
		if err != nil {
			return nil, err
		}
		n.arr = append(n.arr, el)
		sc.skipSpace()
		switch {
		case sc.pos < len(sc.data) && sc.data[sc.pos] == ',':
			sc.pos++
		case sc.pos < len(sc.data) && sc.data[sc.pos] == ']':
			sc.pos++
			return n, nil
		default:
			return nil, sc.unexpected("after array element")
		}
	}
}

func (sc *scanner) object(depth int) (*node, error) {
	n := &node{kind: kindObject, obj: map[string]*node{}}
	if sc.skipSpace(); sc.pos < len(sc.data) && sc.data[sc.pos] == '}' {
		sc.pos++
		return n, nil
	}
	for {
		if sc.skipSpace(); sc.pos >= len(sc.data) || sc.data[sc.pos] != '"' {
			return nil, sc.unexpected("looking for beginning of object key string")
		}
		key, err := sc.string()
		if err != nil {
			return nil, err
		}
		if sc.skipSpace(); sc.pos >= len(sc.data) || sc.data[sc.pos] != ':' {
			return nil, sc.unexpected("after object key")
		}
		sc.pos++
		val, err := sc.value(depth)
		if err != nil {
			return nil, err
		}
		n.set(key, val)
		sc.skipSpace()
		switch {
		case sc.pos < len(sc.data) && sc.data[sc.pos] == ',':
			sc.pos++
		case sc.pos < len(sc.data) && sc.data[sc.pos] == '}':
			sc.pos++
			return n, nil
		default:
			return nil, sc.unexpected("after object key:value pair")
		}
	}
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

// number consumes a number and returns its literal text.
func (sc *scanner) number() (string, error) {
	start := sc.pos
	digits := func() int {
		from := sc.pos
		for sc.pos < len(sc.data) && sc.data[sc.pos] >= '0' && sc.data[sc.pos] <= '9' {
			sc.pos++
		}
		return sc.pos - from
	}
	if sc.data[sc.pos] == '-' {
		sc.pos++
	}
	if sc.pos < len(sc.data) && sc.data[sc.pos] == '0' {
		sc.pos++
	} else if digits() == 0 {
		return "", sc.unexpected("in numeric literal")
	}
	if sc.pos < len(sc.data) && sc.data[sc.pos] == '.' {
		sc.pos++
		if digits() == 0 {
			return "", sc.unexpected("after decimal point in numeric literal")
		}
	}
	if sc.pos < len(sc.data) && (sc.data[sc.pos] == 'e' || sc.data[sc.pos] == 'E') {
		sc.pos++
		if sc.pos < len(sc.data) && (sc.data[sc.pos] == '+' || sc.data[sc.pos] == '-') {
			sc.pos++
		}
		if digits() == 0 {
			return "", sc.unexpected("in exponent of numeric literal")
		}
	}
	return string(sc.data[start:sc.pos]), nil
}

// string consumes a string and returns it unescaped. A \u escape that is
// half a surrogate pair becomes U+FFFD, as with encoding/json.
func (sc *scanner) string() (string, error) {
	sc.pos++ // the opening quote
	start := sc.pos
	// The common case: no escapes, nothing to copy but the string itself.
	for sc.pos < len(sc.data) {
		c := sc.data[sc.pos]
		if c == '"' {
			s := string(sc.data[start:sc.pos])
			sc.pos++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", sc.unexpected("in string literal")
		}
		sc.pos++
	}
	buf := append([]byte(nil), sc.data[start:sc.pos]...)
	for sc.pos < len(sc.data) {
		c := sc.data[sc.pos]
		switch {
		case c == '"':
			sc.pos++
			return string(buf), nil
		case c < 0x20:
			return "", sc.unexpected("in string literal")
		case c != '\\':
			buf = append(buf, c)
			sc.pos++
			continue
		}
		sc.pos++ // the backslash
		if sc.pos >= len(sc.data) {
			break
		}
		switch e := sc.data[sc.pos]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := sc.hex4(sc.pos + 1)
			if !ok {
				return "", sc.unexpected("in \\u hexadecimal character escape")
			}
			sc.pos += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if sc.pos+2 < len(sc.data) && sc.data[sc.pos+1] == '\\' && sc.data[sc.pos+2] == 'u' {
					r2, ok = sc.hex4(sc.pos + 3)
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					sc.pos += 6
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", sc.unexpected("in string escape code")
		}
		sc.pos++
	}
	return "", errors.New("unexpected end of JSON input")
}

// hex4 decodes the four hexadecimal digits at data[at:].
func (sc *scanner) hex4(at int) (rune, bool) {
	if at+4 > len(sc.data) {
		return 0, false
	}
	var r rune
	for _, c := range sc.data[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
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
