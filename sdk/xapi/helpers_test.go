package xapi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mustRead returns a file of testdata/statements.
func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "statements", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// deleted, as the value of an edit, removes the property.
type deletedT struct{}

var deleted = deletedT{}

// edit returns raw with the property at path ("context.contextActivities.
// parent[0].id") set to value (any JSON-encodable Go value, or json.RawMessage
// for literal JSON) or removed (deleted). Missing objects on the way are
// created.
func edit(tb testing.TB, raw []byte, path string, value any) []byte {
	tb.Helper()
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		tb.Fatal(err)
	}
	if rm, ok := value.(json.RawMessage); ok {
		dec := json.NewDecoder(bytes.NewReader(rm))
		dec.UseNumber()
		if err := dec.Decode(&value); err != nil {
			tb.Fatalf("edit %s: %v", path, err)
		}
	}
	doc = setPath(tb, doc, splitPath(path), value)
	out, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// splitPath turns "a.b[2].c" into ["a", "b", "2", "c"].
func splitPath(path string) []string {
	path = strings.ReplaceAll(path, "[", ".")
	path = strings.ReplaceAll(path, "]", "")
	return strings.Split(path, ".")
}

func setPath(tb testing.TB, cur any, keys []string, value any) any {
	k := keys[0]
	if arr, ok := cur.([]any); ok {
		i, err := strconv.Atoi(k)
		if err != nil || i >= len(arr) {
			tb.Fatalf("edit: bad index %q", k)
		}
		if len(keys) == 1 {
			arr[i] = value
		} else {
			arr[i] = setPath(tb, arr[i], keys[1:], value)
		}
		return arr
	}
	m, ok := cur.(map[string]any)
	if !ok {
		m = map[string]any{}
	}
	switch {
	case len(keys) > 1:
		m[k] = setPath(tb, m[k], keys[1:], value)
	case value == deleted:
		delete(m, k)
	default:
		m[k] = value
	}
	return m
}

// jsonEqual reports whether a and b hold the same JSON value; strings that
// are timestamps compare as instants.
func jsonEqual(tb testing.TB, a, b []byte) bool {
	tb.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		tb.Fatal(err)
	}
	return sameValue(va, vb)
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case string:
		y, ok := b.(string)
		if !ok {
			return false
		}
		t1, e1 := time.Parse(time.RFC3339Nano, x)
		t2, e2 := time.Parse(time.RFC3339Nano, y)
		if e1 == nil && e2 == nil {
			return t1.Equal(t2)
		}
		return x == y
	}
	return reflect.DeepEqual(a, b)
}
