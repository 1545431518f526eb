package xapi

import (
	"regexp"
	"strings"
	"testing"
)

// The regular expressions the hand-written checks replaced, kept as their
// oracles.
var (
	uuidRE   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:`)
	sha1RE   = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
)

var handCheckCases = []string{
	"", ":", "a:", "a:b", "1a:b", "http://example.com/x", "HTTP+s.x-y://h", "a b:c", "urn:uuid:x",
	"f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6",
	"f81d4fae-7dec-11d0-a765-00a0c91e6bf", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6\n",
	"f81d4fae7dec-11d0-a765-00a0c91e6bf6-", "g81d4fae-7dec-11d0-a765-00a0c91e6bf6",
	"http://x.example/a b", "http://x.example/a\x7f", "http://x.example/a%2", "http://x.example/a%2G", "http://x.example/a%20",
	"http://x.example/{x}", "http://x.example/\u00e9", "urn:x^y", "urn:x`y", "urn:x|y", "urn:x\\y", "urn:x\"y", "urn:\x00",
	"en", "en-US", "EN-us", "i-klingon", "I-KLINGON", "i-\u212alingon", "\u0130-klingon", "zh-ha\u212a\u212aa", "x", "x-a",
	"de-CH-1901", "sl-rozaj-biske", "en-a-bbb-a-ccc", "en-a-bbb-x-a-ccc", "a-b-c-d-e-f-g-h-i-j-k-l", "en--US", "en-",
	"ebd31e95054c018b10727ccffd2ef2ec3a016ee9", "ebd31e95054c018b10727ccffd2ef2ec3a016ee", "Ebd31e95054c018b10727ccffd2ef2ec3a016eeZ",
}

// TestHandChecks compares IsUUID, schemeEnd and isSHA1Hex with the
// regular expressions they replaced, IsLanguageTag with the version that
// split the tag into a new slice and IsIRI with the one that searched a
// string for each byte.
func TestHandChecks(t *testing.T) { checkStrings(t, handCheckCases, checkHandChecks) }

// FuzzHandChecks compares the hand-written checks with the regular
// expressions on any string.
func FuzzHandChecks(f *testing.F) { fuzzStrings(f, handCheckCases, checkHandChecks) }

func checkHandChecks(t *testing.T, s string) {
	if got, want := IsUUID(s), uuidRE.MatchString(s); got != want {
		t.Errorf("IsUUID(%q) = %v, want %v", s, got, want)
	}
	if got, want := isSHA1Hex(s), sha1RE.MatchString(s); got != want {
		t.Errorf("isSHA1Hex(%q) = %v, want %v", s, got, want)
	}
	if got, want := IsIRI(s), isIRIIndexByte(s); got != want {
		t.Errorf("IsIRI(%q) = %v, want %v", s, got, want)
	}
	if got, want := IsLanguageTag(s), isLanguageTagSplit(s); got != want {
		t.Errorf("IsLanguageTag(%q) = %v, want %v", s, got, want)
	}
	want := 0
	if loc := schemeRE.FindStringIndex(s); loc != nil {
		want = loc[1]
	}
	if got := schemeEnd(s); got != want {
		t.Errorf("schemeEnd(%q) = %d, want %d", s, got, want)
	}
}

// isLanguageTagSplit is IsLanguageTag as it was before it stopped
// allocating (strings.ToLower and strings.Split), kept as its oracle.
func isLanguageTagSplit(s string) bool {
	if s == "" {
		return false
	}
	if _, ok := grandfathered[strings.ToLower(s)]; ok {
		return true
	}
	subs := strings.Split(s, "-")
	for _, t := range subs {
		if t == "" || len(t) > 8 || !isAlnum(t) {
			return false
		}
	}
	if strings.EqualFold(subs[0], "x") {
		return len(subs) > 1 // privateuse alone
	}
	return langtag(subs)
}

// isIRIIndexByte is IsIRI as it was before its table, kept as its oracle.
func isIRIIndexByte(s string) bool {
	end := schemeEnd(s)
	if end == 0 || end == len(s) {
		return false
	}
	rest := s[end:]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c <= ' ' || c == 0x7f:
			return false
		case strings.IndexByte("<>\"{}|\\^`", c) >= 0:
			return false
		case c == '%':
			if i+2 >= len(rest) || !isHex(rest[i+1]) || !isHex(rest[i+2]) {
				return false
			}
		}
	}
	return true
}
