package module

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/lode-elearning/lode/engine/learning"
)

// Query is what a learner looks for in the catalog. Zero fields match
// every module.
type Query struct {
	// Text matches modules whose title, description or topics contain
	// every word of it, ignoring case and accents: "privacidad" finds
	// "Privacidad", "cafe" finds "café".
	Text string
	// Topic matches modules with this topic, ignoring case and accents.
	Topic string
	// Language matches modules in this language (its primary subtag: "es"
	// matches es and es-MX).
	Language string
}

// Matches reports whether m is one of the modules q asks for.
func (q Query) Matches(m *learning.Module) bool {
	if q.Topic != "" && !slices.ContainsFunc(m.Topics, func(t string) bool { return fold(t) == fold(q.Topic) }) {
		return false
	}
	if q.Language != "" && PrimaryLanguage(m.Language) != PrimaryLanguage(q.Language) {
		return false
	}
	words := strings.Fields(fold(q.Text))
	if len(words) == 0 {
		return true
	}
	haystack := fold(m.Title + "\n" + m.Description + "\n" + strings.Join(m.Topics, "\n"))
	for _, w := range words {
		if !strings.Contains(haystack, w) {
			return false
		}
	}
	return true
}

// Topics returns the topics of mods, each once (the first spelling met),
// sorted for reading.
func Topics(mods []*learning.Module) []string {
	type topic struct{ label, folded string } // folded once: folding is most of the cost
	seen := map[string]bool{}
	var found []topic
	for _, m := range mods {
		for _, t := range m.Topics {
			if f := fold(t); !seen[f] {
				seen[f] = true
				found = append(found, topic{t, f})
			}
		}
	}
	slices.SortFunc(found, func(a, b topic) int {
		return cmp.Or(strings.Compare(a.folded, b.folded), strings.Compare(a.label, b.label))
	})
	out := make([]string, len(found))
	for i, t := range found {
		out[i] = t.label
	}
	return out
}

// Languages returns the primary languages of mods ("en", "es"), each once,
// sorted.
func Languages(mods []*learning.Module) []string {
	var out []string
	for _, m := range mods {
		if l := PrimaryLanguage(m.Language); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// PrimaryLanguage returns the language subtag of a BCP 47 tag, lowercase:
// "es" for "es-MX".
func PrimaryLanguage(tag string) string {
	base, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(base)
}

// fold is s as searches compare it: lowercase, without accents (é becomes
// e, ñ becomes n). A chain of transformers keeps state, so each call
// builds its own.
func fold(s string) string {
	if isASCII(s) { // nothing to take accents from: lowering is all (and costs no transformer)
		return strings.ToLower(s)
	}
	unaccent := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(unaccent, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
