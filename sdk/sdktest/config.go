package sdktest

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/sdk"
)

// ReadConfig returns the YAML (or JSON) file at path, such as
// "testdata/sample.yaml", as the JSON the engine sends as an object's
// Config: module.yaml holds each object's config in YAML and the engine
// converts it. It fails tb if the file cannot be read or decoded.
func ReadConfig(tb testing.TB, path string) json.RawMessage {
	tb.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return raw
}

// CheckValidate runs ct.Validate on config and checks its problems as
// CheckProblems does. A Validate error fails tb: a configuration's
// mistakes are problems, not errors.
func CheckValidate(tb testing.TB, ct sdk.ContentType, config string, want map[string]string) {
	tb.Helper()
	res, err := ct.Validate(tb.Context(), &sdk.ValidateRequest{Config: json.RawMessage(config)})
	if err != nil {
		tb.Fatalf("Validate returned an error, want problems: %v", err)
	}
	CheckProblems(tb, res.Problems, want)
}

// CheckProblems checks that got holds exactly one problem at each pointer
// in want, in any order, whose message contains want[pointer]: the part an
// author must read, so that rewording the rest breaks no test.
func CheckProblems(tb testing.TB, got []sdk.Problem, want map[string]string) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("got %d problems %+v, want %d at %v", len(got), got, len(want), slices.Sorted(maps.Keys(want)))
	}
	for ptr, msg := range want {
		if !slices.ContainsFunc(got, func(p sdk.Problem) bool {
			return p.Pointer == ptr && strings.Contains(p.Message, msg)
		}) {
			tb.Errorf("missing problem at %q containing %q; got %+v", ptr, msg, got)
		}
	}
}

// RawJSON returns s as JSON, or nil for "", so that a test table's empty
// state means what it means to the engine: no state yet.
func RawJSON(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}
