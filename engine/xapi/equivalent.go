package xapi

import (
	"encoding/json"
	"reflect"
	"strings"
)

// Equivalent reports whether a and b are the same statement as the xAPI
// specification's statement comparison requirements have an LRS compare
// them, for instance when a statement id is sent a second time. It ignores
// the properties the LRS sets (stored, authority, version), the case of the
// id, the order of JSON keys (extensions, definitions) and the time zone in
// which the timestamp is written. A statement that cannot be encoded as JSON
// is equivalent to none.
func Equivalent(a, b *Statement) bool {
	va, okA := comparisonValue(*a)
	vb, okB := comparisonValue(*b)
	return okA && okB && reflect.DeepEqual(va, vb)
}

// comparisonValue returns st without what Equivalent ignores, as generic
// JSON so that raw members such as extensions compare by content, not bytes.
func comparisonValue(st Statement) (any, bool) {
	st.ID = strings.ToLower(st.ID)
	st.Stored, st.Authority, st.Version = nil, nil, ""
	if st.Timestamp != nil {
		ts := st.Timestamp.UTC()
		st.Timestamp = &ts
	}
	b, err := json.Marshal(st)
	if err != nil {
		return nil, false
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, false
	}
	return v, true
}
