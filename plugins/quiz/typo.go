package quiz

import (
	"fmt"
	"strings"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// unknownField explains an unknown key, suggesting the known key it most
// likely misspells ("pasing_score" → "passing_score"): authors edit YAML by
// hand and a silently ignored typo would change how the quiz behaves.
func unknownField(key string, known []string) string {
	if best := sdkconfig.Suggest(key, known); best != "" {
		return fmt.Sprintf("unknown field %q; did you mean %q?", key, best)
	}
	return fmt.Sprintf("unknown field %q; known fields are %s", key, strings.Join(known, ", "))
}
