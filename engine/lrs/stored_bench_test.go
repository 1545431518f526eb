package lrs

import (
	"bytes"
	"encoding/json"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// BenchmarkValidateEncode is what the LRS spends on a statement before
// storage sees it (issue 15): xapi.ParseStatements (every rule checked)
// and EncodeStored (the document a store keeps). quiz is the issue's
// 1.8 KB statement (quiz_answer.json, 1,790 bytes: a choice question
// answered, shaped as the engine records it, with the definition, result,
// context activities, session extension and authority); full is
// full.json compacted (2,569 bytes: a choice interaction with four context
// activities and an attachment). docs/PERFORMANCE.md, "Validation (issue 15)".
func BenchmarkValidateEncode(b *testing.B) {
	for _, bc := range []struct{ name, file string }{
		{"quiz", "quiz_answer.json"},
		{"full", "full.json"},
	} {
		b.Run(bc.name, func(b *testing.B) { benchValidateEncode(b, bc.file) })
	}
}

func benchValidateEncode(b *testing.B, file string) {
	pretty, err := os.ReadFile("../../sdk/xapi/testdata/statements/" + file)
	if err != nil {
		b.Fatal(err)
	}
	var raw bytes.Buffer
	if err := json.Compact(&raw, pretty); err != nil {
		b.Fatal(err)
	}
	stored := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	b.SetBytes(int64(raw.Len()))
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		stmts, err := xapi.ParseStatements(raw.Bytes(), xapi.V200)
		if err != nil {
			b.Fatal(err)
		}
		stmts[0].Stored = &stored
		if _, err := EncodeStored(stmts); err != nil {
			b.Fatal(err)
		}
	}
	// The process's CPU time (user and system, the collector's included)
	// per call: on a shared machine a neighbour's load stretches wall time
	// far more than it does CPU time.
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
