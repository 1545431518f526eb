package schemaform

import "strings"

// A field name is a JSON pointer written with dots: /questions/0/text is
// "questions.0.text". A key holding "." or "~" is escaped as in a JSON
// pointer, "~" as "~0" and "." as "~1", so every name maps back to exactly
// one pointer. Names ending in "~" plus a word (".~n", ".~keys") are the
// form's own bookkeeping and never collide with an escaped key.

var (
	keyToName = strings.NewReplacer("~", "~0", ".", "~1")
	nameToKey = strings.NewReplacer("~1", ".", "~0", "~")
	ptrToKey  = strings.NewReplacer("~1", "/", "~0", "~")
	keyToPtr  = strings.NewReplacer("~", "~0", "/", "~1")
)

// FieldName is the name of the input for the JSON pointer ptr below
// prefix: FieldName("cfg.", "/questions/0/text") is "cfg.questions.0.text".
// The whole configuration ("") is named prefix + "~root".
func FieldName(prefix, ptr string) string {
	if ptr == "" {
		return prefix + rootName
	}
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		parts[i] = keyToName.Replace(ptrToKey.Replace(p))
	}
	return prefix + strings.Join(parts, ".")
}

// PointerOf is the JSON pointer a field name stands for, and false when
// name does not start with prefix.
func PointerOf(prefix, name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return "", false
	}
	if rest == rootName {
		return "", true
	}
	var b strings.Builder
	for p := range strings.SplitSeq(rest, ".") {
		b.WriteString("/" + keyToPtr.Replace(nameToKey.Replace(p)))
	}
	return b.String(), true
}

const rootName = "~root"

// join appends the key k to the path p (a field name without prefix).
func join(p, k string) string {
	k = keyToName.Replace(k)
	if p == "" {
		return k
	}
	return p + "." + k
}
