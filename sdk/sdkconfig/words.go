package sdkconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Suggest returns the key in known that key most likely misspells ("bdoy"
// for "body", "Shuffle" for "shuffle"), or "" if none is within two edits.
// Of equally close keys it returns the first in known. It is for reporting
// unknown keys in words of one's own; Checker.Object already uses it.
func Suggest(key string, known []string) string {
	best, bestDist := "", 3 // suggest only within two edits
	lower := strings.ToLower(key)
	for _, k := range known {
		if d := editDistance(lower, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Join returns the JSON pointer of key inside the mapping at ptr, escaping
// "~" and "/" in key as RFC 6901 requires: Join("/items", "a/b") is
// "/items/a~1b".
func Join(ptr, key string) string {
	if !strings.ContainsAny(key, "~/") {
		return ptr + "/" + key // the usual key: nothing to escape, nothing to allocate
	}
	return ptr + "/" + pointerEscaper.Replace(key)
}

// pointerEscaper escapes a key for a JSON pointer; built once, since
// building a Replacer costs more than using it.
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// InvalidJSON words err, the error from parsing raw as JSON, for an author:
// a syntax error gets the line and column of the character at fault, since
// authors see their configuration as text.
func InvalidJSON(raw []byte, err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := position(raw, syn.Offset-1) // Offset is just past the bad byte
		return fmt.Sprintf("the configuration is not valid JSON (line %d, column %d): %v", line, col, err)
	}
	return fmt.Sprintf("the configuration is not valid JSON: %v", err)
}

// position turns the byte offset of a character into its 1-based line and
// column, counting columns in characters rather than bytes.
func position(raw []byte, offset int64) (line, col int) {
	before := raw[:min(max(offset, 0), int64(len(raw)))]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}
