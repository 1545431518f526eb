package xapi

import (
	"strconv"
	"testing"
)

// The string paths the decoder once built at every level, kept as the
// oracle of propPath.
func joinString(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexString(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// TestPropPath builds paths step by step as propPath and as the strings
// the decoder once joined, and compares them at each step; empty names and
// a named root included.
func TestPropPath(t *testing.T) {
	type step struct {
		key string
		i   int // an element's index when key is "[]"
	}
	tests := []struct {
		root  string
		steps []step
	}{
		{"", []step{{"actor", 0}, {"account", 0}, {"homePage", 0}}},
		{"", []step{{"[]", 3}, {"context", 0}, {"contextActivities", 0}, {"parent", 0}, {"[]", 0}, {"id", 0}}},
		{"agent", []step{{"member", 0}, {"[]", 12}, {"mbox", 0}}},
		{"", []step{{"", 0}, {"", 0}, {"x", 0}}},
		{"", []step{{"result", 0}, {"extensions", 0}, {"", 0}, {"y", 0}}},
		{"", []step{{"[]", 0}, {"[]", 1}}},
	}
	for _, tc := range tests {
		// Each level is a variable of its own, as in the decoder: a
		// child points at its parent.
		p, want := &propPath{key: tc.root}, tc.root
		for _, st := range tc.steps {
			child := new(propPath)
			if st.key == "[]" {
				*child, want = p.elem(st.i), indexString(want, st.i)
			} else {
				if got := join(*p, st.key); got != joinString(want, st.key) {
					t.Errorf("join(%q, %q) = %q, want %q", want, st.key, got, joinString(want, st.key))
				}
				*child, want = p.at(st.key), joinString(want, st.key)
			}
			p = child
			if got := p.String(); got != want {
				t.Errorf("path %q, want %q", got, want)
			}
		}
	}
}
