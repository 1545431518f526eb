package xapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
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

// parseJSON decodes exactly one JSON value, which must be UTF-8. A member
// name repeated in an object is recorded in dup (the last value wins), so
// that the statement decoder can reject it where the spec requires.
func parseJSON(raw []byte) (*node, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("the JSON is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	n, err := readNode(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

// maxDepth bounds the nesting of arrays and objects in a statement,
// extension values included. It keeps the recursive decoder's stack small
// and the statement within what the stores' JSON functions accept (SQLite
// stops at 1000).
const maxDepth = 512

func readNode(dec *json.Decoder, depth int) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonSyntax(err)
	}
	return readValue(dec, tok, depth)
}

func readValue(dec *json.Decoder, tok json.Token, depth int) (*node, error) {
	switch t := tok.(type) {
	case nil:
		return &node{kind: kindNull}, nil
	case bool:
		return &node{kind: kindBool, b: t}, nil
	case json.Number:
		return &node{kind: kindNumber, s: string(t)}, nil
	case string:
		return &node{kind: kindString, s: t}, nil
	case json.Delim:
		if depth >= maxDepth {
			return nil, fmt.Errorf("arrays and objects are nested more than %d deep", maxDepth)
		}
		if t == '[' {
			return readArray(dec, depth+1)
		}
		if t == '{' {
			return readObject(dec, depth+1)
		}
	}
	return nil, fmt.Errorf("unexpected %v", tok)
}

func readArray(dec *json.Decoder, depth int) (*node, error) {
	n := &node{kind: kindArray, arr: []*node{}}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonSyntax(err)
		}
		if tok == json.Delim(']') {
			return n, nil
		}
		el, err := readValue(dec, tok, depth)
		if err != nil {
			return nil, err
		}
		n.arr = append(n.arr, el)
	}
}

func readObject(dec *json.Decoder, depth int) (*node, error) {
	n := &node{kind: kindObject, obj: map[string]*node{}}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonSyntax(err)
		}
		if tok == json.Delim('}') {
			return n, nil
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("unexpected %v", tok)
		}
		val, err := readNode(dec, depth)
		if err != nil {
			return nil, err
		}
		if _, dup := n.obj[key]; dup {
			if n.dup == "" {
				n.dup = key
			}
		} else {
			n.keys = append(n.keys, key)
		}
		n.obj[key] = val
	}
}

func jsonSyntax(err error) error {
	if err == io.EOF {
		return errors.New("unexpected end of JSON input")
	}
	return err
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
