package xapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// referenceJSON decodes raw with encoding/json's Token API into a node
// tree: the oracle parseJSON must agree with.
func referenceJSON(raw []byte) (*node, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var read func(tok json.Token, depth int) (*node, error)
	read = func(tok json.Token, depth int) (*node, error) {
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
				return nil, errors.New("too deep")
			}
			n := &node{kind: kindArray, arr: []*node{}}
			if t == '{' {
				n = &node{kind: kindObject}
			}
			for {
				tok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				if tok == json.Delim(']') || tok == json.Delim('}') {
					return n, nil
				}
				if n.kind == kindArray {
					el, err := read(tok, depth+1)
					if err != nil {
						return nil, err
					}
					n.arr = append(n.arr, el)
					continue
				}
				key := tok.(string)
				vt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				val, err := read(vt, depth+1)
				if err != nil {
					return nil, err
				}
				n.set(key, val)
			}
		}
		return nil, errors.New("unexpected token")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	n, err := read(tok, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return n, nil
}

// sameTree compares two decodings, duplicates included.
func sameTree(a, b *node) bool {
	if a.kind != b.kind || a.b != b.b || a.s != b.s || a.dup() != b.dup() || len(a.arr) != len(b.arr) || len(a.keys) != len(b.keys) {
		return false
	}
	for i := range a.arr {
		if !sameTree(a.arr[i], b.arr[i]) {
			return false
		}
	}
	for i, k := range a.keys {
		if b.keys[i] != k || !sameTree(a.arr[i], b.arr[i]) {
			return false
		}
	}
	return true
}

// checkAgainstReference fails unless parseJSON and the encoding/json
// reference accept the same input and decode it alike.
func checkAgainstReference(t *testing.T, raw []byte) {
	t.Helper()
	got, err := parseJSON(raw)
	want, refErr := referenceJSON(raw)
	switch {
	case (err == nil) != (refErr == nil):
		t.Fatalf("%q: parseJSON error %v, encoding/json error %v", raw, err, refErr)
	case err == nil && !sameTree(got, want):
		t.Fatalf("%q: decoded as %s, encoding/json as %s", raw, got.raw(), want.raw())
	}
}

var jsonCases = []string{
	`{}`, `[]`, ` { "a" : [ 1 , -2.5e+3 , 0 , -0 , 1E2 , true , false , null ] } `,
	`{"a":1,"a":2,"b":{"a":3}}`, `"plain"`, `"esc \" \\ \/ \b \f \n \r \t \u00e9 \u20AC"`,
	`"pair \ud83d\ude00"`, `"lone \ud83d x"`, `"lone low \ude00"`, `"high then escape \ud83d\n"`,
	`"high high \ud83d\ud83d\ude00"`, `"bad \u12G4"`, `"bad \x"`, "\"ctl \x01\"", "\"tab \t\"",
	`01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `tru`, `nul`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`,
	`[1 2]`, `{} {}`, `{}x`, ``, `   `, `"unterminated`, `"\`, `[`, `{"a":`, "\xff", `"é"`,
	strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth),
	strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
}

func TestParseJSONAgreesWithEncodingJSON(t *testing.T) {
	for _, c := range jsonCases {
		checkAgainstReference(t, []byte(c))
	}
	// Every statement the tests and the fuzz corpus hold.
	for _, dir := range []string{"testdata/statements", "testdata/fuzz/FuzzParseStatement"} {
		files, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if rest, ok := bytes.CutPrefix(b, []byte("go test fuzz v1\n[]byte(")); ok {
				q, err := strconv.Unquote(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(")")))))
				if err != nil {
					t.Fatalf("%s: %v", f.Name(), err)
				}
				b = []byte(q)
			}
			checkAgainstReference(t, b)
		}
	}
}

// FuzzParseJSON compares parseJSON with encoding/json on arbitrary input.
func FuzzParseJSON(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkAgainstReference(t, raw) })
}

// writeStringCases are strings on each side of writeString's fast path.
var writeStringCases = []string{
	"", "plain", "http://example.com/a?b=c", "caf\u00e9 \u65e5\u672c", "quote\"", `back\slash`,
	"tab\t", "nl\n", "\x00\x1f", "<b>&amp;</b>", "line\u2028sep\u2029", "bad\xffutf8", "\ufffd", "\x7f",
}

// TestWriteString checks that writeString writes what json.Marshal does.
func TestWriteString(t *testing.T) { checkStrings(t, writeStringCases, checkWriteString) }

// FuzzWriteString checks writeString against json.Marshal on any string.
func FuzzWriteString(f *testing.F) { fuzzStrings(f, writeStringCases, checkWriteString) }

// checkStrings runs check on each case.
func checkStrings(t *testing.T, cases []string, check func(*testing.T, string)) {
	for _, s := range cases {
		check(t, s)
	}
}

// fuzzStrings fuzzes check with cases as the seed corpus.
func fuzzStrings(f *testing.F, cases []string, check func(*testing.T, string)) {
	for _, s := range cases {
		f.Add(s)
	}
	f.Fuzz(check)
}

func checkWriteString(t *testing.T, s string) {
	var buf bytes.Buffer
	writeString(&buf, s)
	want, _ := json.Marshal(s)
	if buf.String() != string(want) {
		t.Errorf("writeString(%q) = %s, want %s", s, buf.String(), want)
	}
}

// set sets an object's member as readObject does: a repeated name is
// recorded in dup and its last value wins, in the place of the first.
func (n *node) set(key string, val *node) {
	if n.rare == nil {
		n.rare = &rareObject{}
	}
	if i := findKey(n.keys, n.rare.idx, key); i >= 0 {
		if n.rare.dup == "" {
			n.rare.dup = key
		}
		n.arr[i] = val
		return
	}
	n.keys = append(n.keys, key)
	n.arr = append(n.arr, val)
	n.rare.idx = addKey(n.rare.idx, n.keys)
}
