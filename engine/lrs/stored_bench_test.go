package lrs

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// BenchmarkValidateEncode is what the LRS spends on a statement before
// storage sees it (issue 15): xapi.ParseStatements (every rule checked)
// and EncodeStored (the document a store keeps), for full.json compacted
// (2,569 bytes: a choice interaction with its definition, result, context,
// authority and attachment). docs/PERFORMANCE.md, "Validation (issue 15)".
func BenchmarkValidateEncode(b *testing.B) {
	pretty, err := os.ReadFile("../../sdk/xapi/testdata/statements/full.json")
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
}
