package video

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// maxSegments caps the played segments kept in a learner's state, so a
// learner who jumps around a long video cannot grow it without bound.
const maxSegments = 200

// segment is a stretch of the video the learner played, in seconds.
type segment [2]float64

// mergeSegments returns segs sorted, with overlapping and touching segments
// joined and empty ones dropped, so the same seconds never count twice. If
// more than maxSegments remain, the pairs with the smallest gaps between
// them are joined: that may count a fraction of a second the learner did not
// watch, but never takes progress away from them.
func mergeSegments(segs []segment) []segment {
	sorted := slices.Clone(segs)
	slices.SortFunc(sorted, func(a, b segment) int {
		return cmpFloat(a[0], b[0])
	})
	var out []segment
	for _, s := range sorted {
		switch {
		case s[1] <= s[0]:
		case len(out) > 0 && s[0] <= out[len(out)-1][1]:
			out[len(out)-1][1] = max(out[len(out)-1][1], s[1])
		default:
			out = append(out, s)
		}
	}
	for len(out) > maxSegments {
		i := smallestGap(out)
		out[i][1] = out[i+1][1]
		out = slices.Delete(out, i+1, i+2)
	}
	return out
}

// smallestGap returns i such that the gap between out[i] and out[i+1] is
// the smallest.
func smallestGap(out []segment) int {
	best := 0
	for i := 1; i < len(out)-1; i++ {
		if out[i+1][0]-out[i][1] < out[best+1][0]-out[best][1] {
			best = i
		}
	}
	return best
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// watched returns the seconds covered by merged segments.
func watched(merged []segment) float64 {
	var sum float64
	for _, s := range merged {
		sum += s[1] - s[0]
	}
	return sum
}

// playedSegments formats merged segments as the video profile's
// played-segments extension: "0[.]5.5[,]10[.]20".
func playedSegments(merged []segment) string {
	parts := make([]string, len(merged))
	for i, s := range merged {
		parts[i] = formatSeconds(s[0]) + "[.]" + formatSeconds(s[1])
	}
	return strings.Join(parts, "[,]")
}

func formatSeconds(x float64) string {
	return strconv.FormatFloat(round3(x), 'f', -1, 64)
}

// round3 rounds to milliseconds, the precision of the profile's examples
// and more than a browser's timeupdate gives.
func round3(x float64) float64 {
	return math.Round(x*1000) / 1000
}
