package xapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AppendJSON appends s to dst as json.Marshal(s) encodes it, byte for
// byte, at a fraction of the cost: json.Marshal compacts again what each
// MarshalJSON method (Agent, Object, Result, Context) and each extension
// returns, so that a deep byte is scanned three or four times. The stores
// keep this encoding (docs/PERFORMANCE.md, "Validation (issue 15)"). The
// error is json.Marshal's: a score that is not a finite number, a time
// outside years 0 to 9999, an extension or component list that is not
// JSON.
func (s *Statement) AppendJSON(dst []byte) ([]byte, error) {
	e := encoder{b: dst, parsed: s.parsed}
	e.statement(s)
	return e.b, e.err
}

// encoder writes JSON as encoding/json does for the data model's types
// (struct fields in order, omitempty and omitzero, map keys sorted, HTML
// characters escaped), keeping the first error.
type encoder struct {
	b      []byte
	err    error
	parsed []json.RawMessage // Statement.parsed
}

// obj writes the members of one object: key starts each.
type obj struct {
	e     *encoder
	empty bool
}

func (e *encoder) open() obj { e.b = append(e.b, '{'); return obj{e: e, empty: true} }

func (o *obj) close() { o.e.b = append(o.e.b, '}') }

// key writes the name of the next member and returns the encoder for its
// value.
func (o *obj) key(k string) *encoder {
	if !o.empty {
		o.e.b = append(o.e.b, ',')
	}
	o.empty = false
	o.e.string(k)
	o.e.b = append(o.e.b, ':')
	return o.e
}

// str writes an omitempty string member.
func (o *obj) str(k, v string) {
	if v != "" {
		o.key(k).string(v)
	}
}

// keepEmpty writes "k":"" for a property that came as "" (lossless.go);
// withEmpty adds it last, as here.
func (o *obj) keepEmpty(k string, kept bool) {
	if kept {
		o.key(k).string("")
	}
}

func (e *encoder) string(s string) {
	if plainString(s) {
		e.b = append(e.b, '"')
		e.b = append(e.b, s...)
		e.b = append(e.b, '"')
		return
	}
	q, _ := json.Marshal(s) // a Go string always encodes
	e.b = append(e.b, q...)
}

func (e *encoder) strings(list []string) {
	e.b = append(e.b, '[')
	for i, s := range list {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.string(s)
	}
	e.b = append(e.b, ']')
}

// langMap writes a map with its keys sorted, or null for a nil map.
func (e *encoder) langMap(m map[string]string) {
	if m == nil {
		e.b = append(e.b, "null"...)
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	o := e.open()
	for _, k := range keys {
		o.key(k).string(m[k])
	}
	o.close()
}

// langMapNode writes the checked language map m of a tree as langMap
// writes the Go map of it: tags sorted.
func (e *encoder) langMapNode(m *node) {
	var arr [8]int
	order := arr[:0]
	for i := range m.keys {
		order = append(order, i)
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(m.keys[a], m.keys[b]) })
	o := e.open()
	for _, i := range order {
		o.key(m.keys[i]).string(m.arr[i].s)
	}
	o.close()
}

// raw writes a RawMessage as encoding/json does: compacted, with <, >, &,
// U+2028 and U+2029 escaped. It compacts straight into e.b; only JSON
// that holds one of those characters (rare) goes through a copy to be
// escaped.
func (e *encoder) raw(r json.RawMessage) {
	if e.wasParsed(r) {
		e.b = append(e.b, r...)
		return
	}
	start := len(e.b)
	out := bytes.NewBuffer(e.b)
	if err := json.Compact(out, r); err != nil {
		e.fail(err)
		return
	}
	e.b = out.Bytes()
	if !needsHTMLEscape(e.b[start:]) {
		return
	}
	compact := bytes.Clone(e.b[start:])
	out = bytes.NewBuffer(e.b[:start])
	json.HTMLEscape(out, compact)
	e.b = out.Bytes()
}

// wasParsed reports whether r is one of the RawMessages the parser wrote
// for the statement: the same bytes in the same place. A RawMessage is
// only ever replaced, never edited in place, in Lode (and
// FuzzParseStatement holds the parser's to json.Marshal's encoding).
func (e *encoder) wasParsed(r json.RawMessage) bool {
	for _, p := range e.parsed {
		if len(p) == len(r) && len(r) > 0 && &p[0] == &r[0] {
			return true
		}
	}
	return false
}

// needsHTMLEscape reports whether json.HTMLEscape would change b.
func needsHTMLEscape(b []byte) bool {
	for i, c := range b {
		switch {
		case c == '<' || c == '>' || c == '&':
			return true
		case c == 0xE2 && i+2 < len(b) && b[i+1] == 0x80 && b[i+2]&^1 == 0xA8: // U+2028, U+2029
			return true
		}
	}
	return false
}

// number writes f as encoding/json's floatEncoder does.
func (e *encoder) number(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.fail(errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64)))
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if n := len(e.b); format == 'e' && n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
		e.b[n-2] = e.b[n-1] // e-09 becomes e-9
		e.b = e.b[:n-1]
	}
}

// time writes t as its MarshalJSON does, appending in place.
func (e *encoder) time(t *time.Time) {
	b, err := t.AppendText(append(e.b, '"'))
	if err != nil {
		_, err = t.MarshalJSON() // its error, as json.Marshal reports it
		e.fail(err)
		return
	}
	e.b = append(b, '"')
}

func (e *encoder) boolean(v bool) { e.b = strconv.AppendBool(e.b, v) }

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}
