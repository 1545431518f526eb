package xapi

import (
	"encoding/hex"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// The checks below are written out by hand rather than as regular
// expressions, which cost a fifth of validating a statement; the tests
// compare each with the regular expression it replaced.

// IsUUID reports whether s is a UUID in the standard string form
// (8-4-4-4-12 hexadecimal digits, either case).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// schemeEnd returns the length of the scheme of s with its colon (RFC 3987:
// a letter, then letters, digits, "+", "-" and "."), or 0 if s has none.
func schemeEnd(s string) int {
	if s == "" || !isLetter(s[0]) {
		return 0
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return i + 1
		case !isLetter(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.':
			return 0
		}
	}
	return 0
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// IsIRI reports whether s is an absolute IRI: a scheme, then characters
// an IRI may hold (no spaces, controls or <>"{}|\^`), with well-formed
// percent escapes. It is the best-effort check the spec allows an LRS.
func IsIRI(s string) bool {
	end := schemeEnd(s)
	if end == 0 || end == len(s) {
		return false
	}
	rest := s[end:]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case notInIRI[c]:
			return false
		case c == '%':
			if i+2 >= len(rest) || !isHex(rest[i+1]) || !isHex(rest[i+2]) {
				return false
			}
		}
	}
	return true
}

// notInIRI marks the bytes IsIRI refuses after the scheme: controls,
// space, DEL and <>"{}|\^` (a table: IsIRI runs on every IRI of every
// statement).
var notInIRI = func() (t [256]bool) {
	for c := 0; c <= ' '; c++ {
		t[c] = true
	}
	t[0x7f] = true
	for _, c := range []byte("<>\"{}|\\^`") {
		t[c] = true
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isMailto reports whether s is a mailto IRI of one email address.
func isMailto(s string) bool {
	addr, ok := strings.CutPrefix(s, "mailto:")
	if !ok || addr == "" || strings.ContainsAny(addr, " \t\r\n<>,;?") {
		return false
	}
	a, err := mail.ParseAddress(addr)
	return err == nil && a.Address == addr && a.Name == ""
}

// isSHA1Hex reports whether s is a hex-encoded SHA-1 sum.
func isSHA1Hex(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// isSHA2Hex reports whether s is a hex-encoded SHA-224, -256, -384 or -512
// sum.
func isSHA2Hex(s string) bool {
	switch len(s) {
	case 56, 64, 96, 128:
		_, err := hex.DecodeString(s)
		return err == nil
	}
	return false
}

// IsLanguageTag reports whether s is a well-formed RFC 5646 language tag
// (the sequence of subtag lengths and kinds; not the registry). It
// allocates nothing for a tag of up to eight subtags: every language map
// of every statement goes through it.
func IsLanguageTag(s string) bool {
	if s == "" {
		return false
	}
	if isGrandfathered(s) {
		return true
	}
	var arr [8]string
	subs := arr[:0]
	for rest, more := s, true; more; {
		var t string
		t, rest, more = strings.Cut(rest, "-")
		if t == "" || len(t) > 8 || !isAlnum(t) {
			return false
		}
		subs = append(subs, t)
	}
	if strings.EqualFold(subs[0], "x") {
		return len(subs) > 1 // privateuse alone
	}
	return langtag(subs)
}

// isGrandfathered reports whether s is one of the grandfathered tags,
// in any case. An ASCII s is lowered on the stack; any other goes through
// strings.ToLower, which lowers some non-ASCII letters (the Kelvin sign)
// to ASCII ones, as the check always has.
func isGrandfathered(s string) bool {
	var buf [16]byte
	if len(s) > len(buf) {
		// Longer than any grandfathered tag, even written with the two
		// letters that lower to ASCII from two or three bytes (İ, K).
		return false
	}
	low := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			_, ok := grandfathered[strings.ToLower(s)]
			return ok
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	_, ok := grandfathered[string(low)]
	return ok
}

// langtag checks language ["-" script] ["-" region] *("-" variant)
// *("-" extension) ["-" privateuse].
func langtag(subs []string) bool {
	i := 0
	lang := subs[0]
	if !isAlpha(lang) || len(lang) < 2 {
		return false
	}
	i++
	if len(lang) <= 3 { // up to three extlang subtags
		for n := 0; n < 3 && i < len(subs) && len(subs[i]) == 3 && isAlpha(subs[i]); n++ {
			i++
		}
	}
	if i < len(subs) && len(subs[i]) == 4 && isAlpha(subs[i]) { // script
		i++
	}
	if i < len(subs) && (len(subs[i]) == 2 && isAlpha(subs[i]) || len(subs[i]) == 3 && isDigits(subs[i])) { // region
		i++
	}
	for i < len(subs) && isVariant(subs[i]) {
		i++
	}
	seen := map[string]bool{}
	for i < len(subs) && len(subs[i]) == 1 && !strings.EqualFold(subs[i], "x") { // extensions
		single := strings.ToLower(subs[i])
		if seen[single] {
			return false
		}
		seen[single] = true
		i++
		n := 0
		for i < len(subs) && len(subs[i]) >= 2 {
			i, n = i+1, n+1
		}
		if n == 0 {
			return false
		}
	}
	if i < len(subs) && strings.EqualFold(subs[i], "x") { // privateuse
		return i+1 < len(subs)
	}
	return i == len(subs)
}

func isVariant(t string) bool {
	return len(t) >= 5 || len(t) == 4 && t[0] >= '0' && t[0] <= '9'
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// grandfathered are the RFC 5646 tags that do not follow the langtag
// grammar, in lower case.
var grandfathered = map[string]struct{}{
	"en-gb-oed": {}, "i-ami": {}, "i-bnn": {}, "i-default": {}, "i-enochian": {}, "i-hak": {},
	"i-klingon": {}, "i-lux": {}, "i-mingo": {}, "i-navajo": {}, "i-pwn": {}, "i-tao": {}, "i-tay": {},
	"i-tsu": {}, "sgn-be-fr": {}, "sgn-be-nl": {}, "sgn-ch-de": {}, "art-lojban": {}, "cel-gaulish": {},
	"no-bok": {}, "no-nyn": {}, "zh-guoyu": {}, "zh-hakka": {}, "zh-min": {}, "zh-min-nan": {}, "zh-xiang": {},
}

// isDuration reports whether s is an ISO 8601:2004 duration in the format
// of section 4.4.3.2: P[nY][nM][nW][nD][T[nH][nM][nS]], at least one
// component, a decimal fraction (point or comma) only on the last one;
// weeks (PnW) stand alone.
func isDuration(s string) bool {
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" {
		return false
	}
	if w, ok := strings.CutSuffix(rest, "W"); ok && !strings.ContainsAny(w, "YMDTHSW") {
		_, _, ok := durationPart(rest, "W")
		return ok
	}
	date, tm, hasT := strings.Cut(rest, "T")
	if hasT && tm == "" {
		return false
	}
	n, fraction, ok := durationPart(date, "YMD")
	if !ok {
		return false
	}
	if hasT {
		if fraction {
			return false
		}
		m, _, ok := durationPart(tm, "HMS")
		if !ok || m == 0 {
			return false
		}
		n += m
	}
	return n > 0
}

// durationPart reads number-designator pairs whose designators come in
// the order of units, each at most once. It returns how many it read and
// whether the last had a fraction.
func durationPart(s, units string) (n int, fraction, ok bool) {
	for s != "" {
		if fraction {
			return 0, false, false // a fraction only on the last component
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, false, false
		}
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i+1 {
				return 0, false, false
			}
			i, fraction = j, true
		}
		if i >= len(s) {
			return 0, false, false
		}
		k := strings.IndexByte(units, s[i])
		if k < 0 {
			return 0, false, false
		}
		units = units[k+1:]
		s = s[i+1:]
		n++
	}
	return n, fraction, true
}

// isMediaType reports whether s is an Internet media type, parameters
// allowed ("text/plain; charset=ascii").
func isMediaType(s string) bool {
	_, _, err := mime.ParseMediaType(s)
	return err == nil && strings.Contains(strings.SplitN(s, ";", 2)[0], "/")
}

func isOctetStream(s string) bool {
	mt, _, err := mime.ParseMediaType(s)
	return err == nil && mt == "application/octet-stream"
}
