package module

import (
	"regexp"

	"github.com/lode-elearning/lode/engine/learning"
)

// sequencingRe is what module.yaml's sequencing may say: the orders the
// player knows (learning.Sequencing*).
var sequencingRe = regexp.MustCompile(`^(` + learning.SequencingFree + `|` + learning.SequencingLinear + `)$`)
