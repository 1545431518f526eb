package xapi

import (
	"bytes"
	"encoding/json"
	"os"
	"syscall"
	"testing"
	"time"
)

// The benchmarks in this file are the measurement issue 9 asked of the
// scanner Lode once wrote for itself (jsontree.go before jsontext replaced
// it, docs/PERFORMANCE.md, "Hand-written code, measured"); they keep
// comparing parseJSON with encoding/json doing the same job.

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
// parseJSON (jsontext's tokens) and the same tree from encoding/json's
// Token API (parseJSON's test oracle).
func BenchmarkScan(b *testing.B) {
	parsers := []struct {
		name  string
		parse func([]byte) (*node, error)
	}{
		{"jsontext", parseJSON},
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
// check and decode every statement), so that the tokenizer's share of the
// parse shows. encoding-json-unmarshal is
// json.Unmarshal into []Statement: no rule checked and no duplicate found,
// so not the same job; it is there as a floor.
func BenchmarkParseStatements(b *testing.B) {
	variants := []struct {
		name  string
		parse func([]byte) error
	}{
		{"jsontext", func(raw []byte) error { return decodeTree(raw, parseJSON) }},
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
		err := d.statement(n, propPath{}, new(Statement))
		return err
	}
	for i, el := range n.arr {
		var root propPath
		if err := d.statement(el, root.elem(i), new(Statement)); err != nil {
			return err
		}
	}
	return nil
}
