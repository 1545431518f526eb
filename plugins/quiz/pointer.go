package quiz

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// fieldOrder is the order fields are usually written in, at every level;
// unknown fields come after them.
var fieldOrder = []string{
	"intro", "passing_score", "max_attempts", "shuffle", "questions",
	"id", "type", "prompt", "text", "points", "choices", "correct", "incorrect",
	"answer", "accepted", "case_sensitive", "feedback",
}

// comparePointers orders problems the way an author reads a configuration:
// a field before what is inside it, fields in their usual order, list
// items by number (/questions/2 before /questions/10).
func comparePointers(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := compareSegments(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

func compareSegments(a, b string) int {
	ai, aerr := strconv.Atoi(a)
	bi, berr := strconv.Atoi(b)
	if aerr == nil && berr == nil {
		return cmp.Compare(ai, bi)
	}
	rank := func(s string) int {
		if i := slices.Index(fieldOrder, s); i >= 0 {
			return i
		}
		return len(fieldOrder)
	}
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
