package quiz

import (
	"fmt"
	"strings"
)

// unknownField explains an unknown key, suggesting the known key it most
// likely misspells ("pasing_score" → "passing_score"): authors edit YAML by
// hand and a silently ignored typo would change how the quiz behaves.
func unknownField(key string, known []string) string {
	best, bestDist := "", 3 // suggest only within two edits
	for _, k := range known {
		d := editDistance(strings.ToLower(key), k)
		if d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("unknown field %q; did you mean %q?", key, best)
	}
	return fmt.Sprintf("unknown field %q; known fields are %s", key, strings.Join(known, ", "))
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
