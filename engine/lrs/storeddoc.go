package lrs

import (
	"bytes"
	"iter"
)

// Compact removes the whitespace between the tokens of the JSON document
// doc, in place, and returns it: PostgreSQL gives a jsonb value as text
// with a space after each colon and comma, SQLite the document as stored,
// already compact. doc must be valid JSON, as a database's own output is;
// Compact does not check it (encoding/json's Compact, which does, costs
// ten times as much).
func Compact(doc []byte) []byte {
	w := 0
	for r := 0; r < len(doc); {
		switch c := doc[r]; c {
		case ' ', '\t', '\n', '\r':
			r++
		case '"':
			end := r + 1 + stringEnd(doc[r+1:])
			w += copy(doc[w:], doc[r:end])
			r = end
		default:
			doc[w] = c
			w++
			r++
		}
	}
	return doc[:w]
}

// stringEnd returns the length of the rest of a JSON string, s being what
// follows its opening quote, through its closing quote: the first quote
// not escaped, that is, after an even number of backslashes.
func stringEnd(s []byte) int {
	n := 0
	for {
		i := bytes.IndexByte(s[n:], '"')
		if i < 0 {
			return len(s)
		}
		n += i
		backslashes := 0
		for j := n - 1; j >= 0 && s[j] == '\\'; j-- {
			backslashes++
		}
		n++
		if backslashes%2 == 0 {
			return n
		}
	}
}

// withTimestampDoc is withTimestamp on a stored document, without decoding
// it: a statement stored without a timestamp gets its stored time as
// timestamp, written just before stored, where encoding the decoded
// statement puts it. doc is a compact statement document.
func withTimestampDoc(doc []byte) []byte {
	storedAt, valAt, end := -1, 0, 0
	for m := range members(doc) {
		switch string(m.key) {
		case "timestamp":
			return doc
		case "stored":
			storedAt, valAt, end = m.keyAt, m.valAt, m.end
		}
	}
	if storedAt < 0 {
		return doc
	}
	out := make([]byte, 0, len(doc)+len(`"timestamp":,`)+end-valAt)
	out = append(out, doc[:storedAt]...)
	out = append(out, `"timestamp":`...)
	out = append(out, doc[valAt:end]...)
	out = append(out, ',')
	return append(out, doc[storedAt:]...)
}

// member is one member of a JSON object: its key, unquoted (member keys
// of a stored statement have no escapes), where the key's opening quote
// is, and where its value starts and ends.
type member struct {
	key               []byte
	keyAt, valAt, end int
}

// members yields the members of the compact, valid JSON object doc in
// order. The value of each is skipped, not read.
func members(doc []byte) iter.Seq[member] {
	return func(yield func(member) bool) {
		for i := 1; i < len(doc) && doc[i] == '"'; {
			keyEnd := i + 1 + stringEnd(doc[i+1:])
			m := member{key: doc[i+1 : keyEnd-1], keyAt: i, valAt: keyEnd + 1}
			m.end = valueEnd(doc, m.valAt)
			if !yield(m) {
				return
			}
			i = m.end
			if i < len(doc) && doc[i] == ',' {
				i++
			}
		}
	}
}

// valueEnd returns where the JSON value starting at doc[i] ends.
func valueEnd(doc []byte, i int) int {
	switch doc[i] {
	case '"':
		return i + 1 + stringEnd(doc[i+1:])
	case '{', '[':
		depth := 0
		for j := i; j < len(doc); j++ {
			switch doc[j] {
			case '"':
				j += stringEnd(doc[j+1:])
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(doc)
	}
	for j := i; j < len(doc); j++ { // a number, true, false or null
		if c := doc[j]; c == ',' || c == '}' || c == ']' {
			return j
		}
	}
	return len(doc)
}
