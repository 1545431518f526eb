package feed

import (
	"strconv"
	"strings"
)

// Newer reports whether version a is later than b: numeric dot-separated
// parts compared as numbers (1.10.0 after 1.9.0), a pre-release
// (1.0.0-rc.1) before its release, anything else compared as text. Module
// versions are usually semver; a site's feed may offer any string.
func Newer(a, b string) bool {
	return compareVersions(a, b) > 0
}

func compareVersions(a, b string) int {
	a, b = strings.TrimPrefix(a, "v"), strings.TrimPrefix(b, "v")
	aCore, aPre, aHasPre := strings.Cut(strings.SplitN(a, "+", 2)[0], "-")
	bCore, bPre, bHasPre := strings.Cut(strings.SplitN(b, "+", 2)[0], "-")
	if c := compareParts(strings.Split(aCore, "."), strings.Split(bCore, ".")); c != 0 {
		return c
	}
	switch {
	case aHasPre && !bHasPre:
		return -1
	case !aHasPre && bHasPre:
		return 1
	}
	return compareParts(strings.Split(aPre, "."), strings.Split(bPre, "."))
}

func compareParts(a, b []string) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		x, y := "0", "0"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		nx, errx := strconv.ParseUint(x, 10, 64)
		ny, erry := strconv.ParseUint(y, 10, 64)
		switch {
		case errx == nil && erry == nil && nx != ny:
			if nx < ny {
				return -1
			}
			return 1
		case (errx != nil || erry != nil) && x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}
