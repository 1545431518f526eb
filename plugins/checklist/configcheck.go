package checklist

// This file is the same in every content type under plugins/ (page,
// checklist, video); if a fourth needs it, move it into the SDK.

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/sdk"
)

// checker collects every problem in an object's configuration, so an author
// fixes them all in one pass instead of one per reload.
type checker struct {
	problems []sdk.Problem
}

func (c *checker) addf(ptr, format string, args ...any) {
	c.problems = append(c.problems, sdk.Problem{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// has reports whether a problem was already found at ptr, so a value of the
// wrong type is not reported a second time as missing or out of range.
func (c *checker) has(ptr string) bool {
	return slices.ContainsFunc(c.problems, func(p sdk.Problem) bool { return p.Pointer == ptr })
}

// document checks that raw is JSON at all, reporting where it breaks.
func (c *checker) document(raw json.RawMessage) bool {
	var v any
	err := json.Unmarshal(raw, &v)
	var syn *json.SyntaxError
	switch {
	case len(raw) == 0:
		c.addf("", "the configuration is empty")
	case errors.As(err, &syn):
		c.addf("", "the configuration is not valid JSON: %v (at byte %d)", syn, syn.Offset)
	case err != nil:
		c.addf("", "the configuration is not valid JSON: %v", err)
	}
	return len(raw) > 0 && err == nil
}

// object decodes raw, the JSON object at ptr, into fields (setting name to a
// pointer to its Go value). Unknown settings, usually typos, and values of
// the wrong type are reported; settings that are absent keep their value.
// It reports whether raw was an object.
func (c *checker) object(ptr string, raw json.RawMessage, fields map[string]any) bool {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		c.addf(ptr, "must be a mapping with the settings %s, not %s", names(fields), kindOf(raw))
		return false
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		at := ptr + "/" + escapePointer(k)
		dst, ok := fields[k]
		if !ok {
			c.addf(at, "unknown setting %q%s; the settings here are %s", k, suggest(k, fields), names(fields))
			continue
		}
		if err := json.Unmarshal(obj[k], dst); err != nil {
			c.addf(at, "%q must be %s, not %s", k, want(dst), kindOf(obj[k]))
		}
	}
	return true
}

// list decodes the JSON array at ptr; it reports whether raw was one.
func (c *checker) list(ptr string, raw json.RawMessage, items *[]json.RawMessage) bool {
	if err := json.Unmarshal(raw, items); err != nil {
		c.addf(ptr, "must be a list, not %s", kindOf(raw))
		return false
	}
	return true
}

func kindOf(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return "nothing"
	}
	switch s[0] {
	case '{':
		return "a mapping"
	case '[':
		return "a list"
	case '"':
		return "text"
	case 't', 'f':
		return "true/false"
	case 'n':
		return "empty"
	}
	return "a number"
}

func want(dst any) string {
	switch dst.(type) {
	case *string:
		return "text"
	case *float64, **float64:
		return "a number"
	case *int, **int:
		return "a whole number"
	case *bool, **bool:
		return "true or false"
	case *[]json.RawMessage, *[]string:
		return "a list"
	}
	return "a mapping"
}

func names(fields map[string]any) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

// suggest names the known setting closest to a misspelt one.
func suggest(k string, fields map[string]any) string {
	best, bestDist := "", 3
	for name := range fields {
		if d := editDistance(strings.ToLower(k), name); d < bestDist || d == bestDist && name < best {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// escapePointer escapes a key for a JSON pointer (RFC 6901).
func escapePointer(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
