package xapi_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// FuzzParseStatement feeds arbitrary bytes to the statement parser of both
// versions. It must not panic or hang; an error must be a
// *ValidationError; an accepted statement must encode, parse again to the
// same JSON (the stores keep json.Marshal of it) and be Equivalent to
// itself; AppendJSON must write what json.Marshal does; Canonical, IDsOnly
// and VerifySignature must cope with it. The seed corpus is
// testdata/fuzz/FuzzParseStatement.
func FuzzParseStatement(f *testing.F) {
	f.Add([]byte(`{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://x.example/v"},"object":{"id":"http://x.example/o"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, v := range []xapi.Version{xapi.V103, xapi.V200} {
			st, err := xapi.ParseStatement(data, v)
			if err != nil {
				var ve *xapi.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("%s: error %v (%T) is not a *ValidationError", v, err, err)
				}
				continue
			}
			checkAppendJSON(t, st)
			checkComponents(t, st)
			first, err := json.Marshal(st)
			if err != nil {
				t.Fatalf("%s: accepted statement does not encode: %v", v, err)
			}
			again, err := xapi.ParseStatement(first, v)
			if err != nil {
				t.Fatalf("%s: its own encoding is rejected: %v\n%s", v, err, first)
			}
			second, err := json.Marshal(again)
			if err != nil || string(second) != string(first) {
				t.Fatalf("%s: encoding is not stable\n%s\n%s", v, first, second)
			}
			var back xapi.Statement
			if err := json.Unmarshal(first, &back); err != nil {
				t.Fatalf("%s: json.Unmarshal of its encoding: %v", v, err)
			}
			checkAppendJSON(t, &back)
			if third, _ := json.Marshal(back); string(third) != string(first) {
				t.Fatalf("%s: json.Unmarshal loses data\n%s\n%s", v, first, third)
			}
			if !xapi.Equivalent(st, again) {
				t.Fatalf("%s: not Equivalent to its own re-parse", v)
			}
			for _, out := range []*xapi.Statement{st.Canonical([]string{"en-GB", "fr"}), st.IDsOnly()} {
				if _, err := json.Marshal(out); err != nil {
					t.Fatalf("%s: a format does not encode: %v", v, err)
				}
			}
			_ = xapi.VerifySignature(st, data)
		}
		_, _ = xapi.ParseStatements(data, xapi.V200)
		_, _ = xapi.ParseAgent(data, xapi.V103)
	})
}
