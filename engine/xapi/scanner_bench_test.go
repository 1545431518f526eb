package xapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// The benchmarks in this file are the measurement issue 9 asks of the
// hand-written scanner in jsontree.go: they run it next to the libraries
// doing the same job on the same input (docs/PERFORMANCE.md, "Hand-written
// code, measured").

// textJSON builds the tree parseJSON builds, with go-json-experiment's
// jsontext tokenizer in place of the hand-written scanner. Duplicate names
// are allowed by the tokenizer and recorded by node.set, as parseJSON does,
// so that the decoder can name the property; invalid UTF-8 is rejected up
// front, and allowed in the tokenizer only so that a lone surrogate escape
// becomes U+FFFD, as with encoding/json.
func textJSON(raw []byte) (*node, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("the JSON is not valid UTF-8")
	}
	d := decoders.Get().(*textDecoder)
	defer decoders.Put(d)
	d.in = *bytes.NewBuffer(raw)
	d.dec.Reset(&d.in, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	dec := &d.dec
	n, err := textValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

// textDecoder is a jsontext Decoder and the buffer it reads, kept between
// calls in decoders: the library used as well as it allows.
type textDecoder struct {
	dec jsontext.Decoder
	in  bytes.Buffer
}

var decoders = sync.Pool{New: func() any { return new(textDecoder) }}

func textValue(dec *jsontext.Decoder, depth int) (*node, error) {
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
			el, err := textValue(dec, depth+1)
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
		val, err := textValue(dec, depth+1)
		if err != nil {
			return nil, err
		}
		n.set(name, val)
	}
	_, err = dec.ReadToken()
	return n, err
}

// TestTextJSONAgreesWithScanner holds the jsontext variant to the same
// verdicts as the hand-written scanner, so that the benchmarks compare two
// parsers that do the same job.
func TestTextJSONAgreesWithScanner(t *testing.T) {
	inputs := append([]string(nil), jsonCases...)
	for _, in := range benchInputs(t) {
		inputs = append(inputs, string(in.raw))
	}
	for _, in := range inputs {
		got, err := textJSON([]byte(in))
		want, wantErr := parseJSON([]byte(in))
		switch {
		case (err == nil) != (wantErr == nil):
			t.Errorf("%.60q: jsontext error %v, scanner error %v", in, err, wantErr)
		case err == nil && !sameTree(got, want):
			t.Errorf("%.60q: jsontext decoded %s, scanner %s", in, got.raw(), want.raw())
		}
	}
}

// FuzzTextJSON compares the jsontext variant with the scanner.
func FuzzTextJSON(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := textJSON(raw)
		want, wantErr := parseJSON(raw)
		if (err == nil) != (wantErr == nil) || err == nil && !sameTree(got, want) {
			t.Fatalf("%q: jsontext (%v) and the scanner (%v) disagree", raw, err, wantErr)
		}
	})
}

type benchInput struct {
	name string
	raw  []byte
}

// benchInputs are the statements the benchmarks parse: the smallest valid
// statement (145 bytes), full.json (a choice interaction with its
// definition, result, context, authority and attachment; 3.0 KB, 2.1 KB
// compacted) and a batch of 100 of those, as one POST carries them.
func benchInputs(tb testing.TB) []benchInput {
	tb.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/statements/" + name)
		if err != nil {
			tb.Fatal(err)
		}
		return bytes.TrimSpace(b)
	}
	var full bytes.Buffer
	if err := json.Compact(&full, read("full.json")); err != nil {
		tb.Fatal(err)
	}
	batch := []byte{'['}
	for i := range 100 {
		if i > 0 {
			batch = append(batch, ',')
		}
		batch = append(batch, full.Bytes()...)
	}
	batch = append(batch, ']')
	return []benchInput{
		{"small", read("minimal.json")},
		{"definition", read("full.json")},
		{"batch100", batch},
	}
}

// BenchmarkScan parses JSON into the tree the statement decoder reads:
// the hand-written scanner, the same tree from jsontext's tokens, and the
// same from encoding/json's Token API (the scanner's test oracle).
func BenchmarkScan(b *testing.B) {
	parsers := []struct {
		name  string
		parse func([]byte) (*node, error)
	}{
		{"scanner", parseJSON},
		{"jsontext", textJSON},
		{"encoding-json-token", referenceJSON},
	}
	for _, in := range benchInputs(b) {
		for _, p := range parsers {
			b.Run(in.name+"/"+p.name, func(b *testing.B) {
				benchParse(b, in.raw, func(raw []byte) error { _, err := p.parse(raw); return err })
			})
		}
	}
}

// BenchmarkParseStatements is the whole of ParseStatements (parse, then
// check and decode every statement) with each tree builder, so that the
// scanner's share of the parse shows. encoding-json-unmarshal is
// json.Unmarshal into []Statement: no rule checked and no duplicate found,
// so not the same job; it is there as a floor.
func BenchmarkParseStatements(b *testing.B) {
	variants := []struct {
		name  string
		parse func([]byte) error
	}{
		{"scanner", func(raw []byte) error { return decodeTree(raw, parseJSON) }},
		{"jsontext", func(raw []byte) error { return decodeTree(raw, textJSON) }},
		{"encoding-json-unmarshal", func(raw []byte) error {
			if raw[0] == '[' {
				var sts []Statement
				return json.Unmarshal(raw, &sts)
			}
			var st Statement
			return json.Unmarshal(raw, &st)
		}},
	}
	for _, in := range benchInputs(b) {
		for _, v := range variants {
			b.Run(in.name+"/"+v.name, func(b *testing.B) { benchParse(b, in.raw, v.parse) })
		}
	}
}

// benchParse measures parse on raw. Besides wall time it reports
// cpu-ns/op, the process's CPU time (user and system, the collector's
// included) per call: on a shared machine a neighbour's load stretches
// wall time far more than it does CPU time.
func benchParse(b *testing.B, raw []byte, parse func([]byte) error) {
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		if err := parse(raw); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// decodeTree is ParseStatements under V200 with the tree built by parse.
func decodeTree(raw []byte, parse func([]byte) (*node, error)) error {
	n, err := parse(raw)
	if err != nil {
		return err
	}
	d := decoder{v: V200}
	if n.kind == kindObject {
		_, err := d.statement(n, "")
		return err
	}
	for i, el := range n.arr {
		if _, err := d.statement(el, index("", i)); err != nil {
			return err
		}
	}
	return nil
}
