package xapi

import (
	"regexp"
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
	"ebd31e95054c018b10727ccffd2ef2ec3a016ee9", "ebd31e95054c018b10727ccffd2ef2ec3a016ee", "Ebd31e95054c018b10727ccffd2ef2ec3a016eeZ",
}

// TestHandChecks compares IsUUID, schemeEnd and isSHA1Hex with the
// regular expressions they replaced.
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
	want := 0
	if loc := schemeRE.FindStringIndex(s); loc != nil {
		want = loc[1]
	}
	if got := schemeEnd(s); got != want {
		t.Errorf("schemeEnd(%q) = %d, want %d", s, got, want)
	}
}
