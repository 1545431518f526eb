package schemaform

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// Validate checks value against the form's schema; see the package-level
// Validate. Problems come in the order of the schema's settings.
func (f *Form) Validate(value json.RawMessage) []Problem {
	v, err := decodeJSON(value)
	if err != nil {
		return []Problem{{Pointer: "", Message: sdkconfig.InvalidJSON(value, err)}}
	}
	var c checker
	c.check(f.root, v, "", "")
	return c.problems
}

// Merge joins lists of problems, dropping repeats (the same message at the
// same pointer), as when a value that Decode found a problem in is also
// validated.
func Merge(lists ...[]Problem) []Problem {
	var all []Problem
	for _, l := range lists {
		for _, p := range l {
			if !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	return all
}

// Prefer is what the editor shows: own, the problems the content type's
// own check reported (the words `lode check` gives, such as a field's
// "every question needs a prompt"), then those of others (Decode's,
// Validate's) at pointers own says nothing about, so one mistake is not
// reported twice in two wordings.
func Prefer(own []Problem, others ...[]Problem) []Problem {
	said := map[string]bool{}
	for _, p := range own {
		said[p.Pointer] = true
	}
	all := Merge(own)
	for _, l := range others {
		for _, p := range l {
			if !said[p.Pointer] && !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	return all
}

type checker struct{ problems []Problem }

// addf records a problem worded as sdkconfig words it: the setting's key
// in quotes first ("\"points\" must be a number, not the text \"x\""), or
// no key for a list's item.
func (c *checker) addf(ptr, key, format string, args ...any) {
	msg := strings.TrimSpace(quoted(key) + " " + sprintf(format, args...))
	c.problems = append(c.problems, Problem{Pointer: ptr, Message: msg})
}

func quoted(key string) string {
	if key == "" {
		return ""
	}
	return strconv.Quote(key)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func (c *checker) check(n *node, v any, ptr, key string) {
	if n.kind == kindRaw {
		return // the content type's own check judges what the form cannot
	}
	if v == nil {
		c.addf(ptr, key, "must be %s, not empty", wantOf(n))
		return
	}
	if !typeOK(n.kind, v) {
		c.addf(ptr, key, "must be %s, not %s", wantOf(n), describe(v))
		return
	}
	switch n.kind {
	case kindObject:
		c.object(n, v.(map[string]any), ptr)
	case kindArray:
		arr := v.([]any)
		for i, item := range arr {
			c.check(n.items, item, ptr+"/"+strconv.Itoa(i), "")
		}
		c.bounds(ptr, key, float64(len(arr)), " items", "have", n.minItems, n.maxItems, nil, nil)
	case kindString:
		c.text(n, v.(string), ptr, key)
	case kindNumber, kindInteger:
		f, _ := v.(json.Number).Float64()
		c.bounds(ptr, key, f, "", "be", n.minimum, n.maximum, n.exclusiveMin, n.exclMax)
	}
}

func (c *checker) object(n *node, obj map[string]any, ptr string) {
	var names []string
	for _, p := range n.props {
		names = append(names, p.key)
	}
	if n.closed {
		for _, k := range sortedKeys(obj) {
			if slices.Contains(names, k) {
				continue
			}
			hint := ""
			if best := sdkconfig.Suggest(k, slices.Sorted(slices.Values(names))); best != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", best)
			}
			c.addf(ptr+"/"+keyToPtr.Replace(k), "", "unknown setting %q%s; the settings here are %s",
				k, hint, strings.Join(slices.Sorted(slices.Values(names)), ", "))
		}
	}
	for _, p := range n.props {
		at := ptr + "/" + keyToPtr.Replace(p.key)
		v, has := obj[p.key]
		if has && v == nil && p.node.nullable {
			has = false // YAML's empty value: left out
		}
		switch {
		case has:
			c.check(p.node, v, at, p.key)
		case n.required[p.key]:
			c.addf(at, p.key, "is required")
		}
	}
}

// text checks a string as sdkconfig does: blank, then choices, then
// pattern, then length, reporting the first rule broken.
func (c *checker) text(n *node, s, ptr, key string) {
	blank := strings.TrimSpace(s) == ""
	for _, re := range n.patterns {
		if blank && !re.MatchString(s) {
			c.addf(ptr, key, "must not be blank")
			return
		}
	}
	if n.enum != nil && !slices.Contains(n.enum, s) {
		msg := fmt.Sprintf("must be one of %s, not %q", strings.Join(n.enum, ", "), s)
		if best := sdkconfig.Suggest(strings.ReplaceAll(s, "-", "_"), n.enum); best != "" {
			msg += fmt.Sprintf("; did you mean %q?", best)
		}
		c.addf(ptr, key, "%s", msg)
		return
	}
	for _, re := range n.patterns {
		if !re.MatchString(s) {
			c.addf(ptr, key, "must match %s, not %q", re, s)
			return
		}
	}
	if blank && n.minLength != nil && *n.minLength > 0 {
		c.addf(ptr, key, "must not be blank")
		return
	}
	c.bounds(ptr, key, float64(utf8.RuneCountInString(s)), " characters", "have", n.minLength, n.maxLength, nil, nil)
}

// bounds checks n against the least and most it may be, in sdkconfig's
// words: "must be more than 0, not -1", "must have at least 2 items".
func (c *checker) bounds(ptr, key string, n float64, unit, verb string, lo, hi, above, below *float64) {
	value := strconv.FormatFloat(n, 'g', -1, 64)
	switch {
	case above != nil && n <= *above:
		c.addf(ptr, key, "must be more than %s, not %s", count(*above, unit), value)
	case below != nil && n >= *below:
		c.addf(ptr, key, "must be less than %s, not %s", count(*below, unit), value)
	case lo != nil && n < *lo:
		c.addf(ptr, key, "must %s at least %s", verb, count(*lo, unit))
	case hi != nil && n > *hi:
		c.addf(ptr, key, "must %s at most %s", verb, count(*hi, unit))
	}
}

// count writes a bound with its unit: "2 items", "1 character", "0.5".
func count(f float64, unit string) string {
	if f == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return strconv.FormatFloat(f, 'g', -1, 64) + unit
}

func typeOK(k kind, v any) bool {
	switch v := v.(type) {
	case map[string]any:
		return k == kindObject
	case []any:
		return k == kindArray
	case string:
		return k == kindString
	case bool:
		return k == kindBoolean
	case json.Number:
		if k == kindInteger {
			f, err := v.Float64()
			return err == nil && f == float64(int64(f))
		}
		return k == kindNumber
	}
	return false
}

// wantOf names the kind of value n takes, as sdkconfig names it.
func wantOf(n *node) string {
	switch n.kind {
	case kindObject:
		return "a mapping"
	case kindArray:
		if n.items.kind == kindString {
			return "a list of text"
		}
		return "a list"
	case kindString:
		return "text"
	case kindNumber:
		return "a number"
	case kindInteger:
		return "a whole number"
	case kindBoolean:
		return "true or false"
	}
	return "a value"
}

// describe names a value for messages as sdkconfig does: its kind, and a
// scalar's value too, which is what the author will look for.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "empty"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return fmt.Sprintf("the text %q", v)
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return "the number " + v.String()
	}
	return "a value"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
