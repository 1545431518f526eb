// Package sdkconfig checks an object's configuration for a content type's
// Validate: strictly, reporting every problem at once, each at the JSON
// pointer of the setting at fault and in words a content author
// understands. Authors write configurations by hand, so an unknown setting
// is usually a typo and is reported with the setting it most likely meant,
// instead of being ignored as encoding/json would.
//
// A Validate method decodes each level of the configuration with a Checker,
// then adds the rules the JSON Schema cannot express:
//
//	func (p *Page) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
//		var ch sdkconfig.Checker
//		var body string
//		var minutes *float64 // nil when left out
//		if ch.Config(req.Config, sdkconfig.Fields{"body": &body, "estimated_minutes": &minutes}) {
//			if strings.TrimSpace(body) == "" && !ch.Has("/body") {
//				ch.Addf("/body", "a page needs a body: the Markdown text the learner reads")
//			}
//		}
//		return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
//	}
//
// Nested mappings are decoded into json.RawMessage and checked with
// Checker.Object at their own pointer; lists of mappings into
// []json.RawMessage, each item at ptr/i.
//
// Or declare the configuration once as a struct whose tags carry its rules:
// Schema derives the JSON Schema to publish from it and Checker.Typed
// enforces the same rules (typed.go).
package sdkconfig

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/sdk"
)

// Fields maps each setting a mapping may hold to a pointer to the Go value
// it is decoded into, such as &cfg.Title. Use a pointer to a pointer
// (**float64) to tell a setting left out from one set to its zero value.
type Fields map[string]any

// Checker collects the problems in one configuration, so an author fixes
// them all in one pass instead of one per reload. The zero value is ready to
// use; a Checker is not safe for concurrent use.
type Checker struct {
	problems []sdk.Problem
}

// Addf records a problem at ptr, a JSON pointer into the configuration
// such as "/items/2/id" ("" is the whole configuration).
func (c *Checker) Addf(ptr, format string, args ...any) {
	c.problems = append(c.problems, sdk.Problem{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// Has reports whether a problem is already recorded at ptr, so that a
// value of the wrong type is not reported a second time as missing or out
// of range.
func (c *Checker) Has(ptr string) bool {
	return slices.ContainsFunc(c.problems, func(p sdk.Problem) bool { return p.Pointer == ptr })
}

// Problems returns every problem recorded, in the order found; nil means
// the configuration is valid.
func (c *Checker) Problems() []sdk.Problem { return c.problems }

// Config checks that raw, a whole configuration, is JSON and a mapping,
// and decodes it into fields as Object does. It reports whether raw was a
// mapping: if not, only the problem at "" is recorded and there is nothing
// further to check.
func (c *Checker) Config(raw json.RawMessage, fields Fields) bool {
	if len(raw) == 0 {
		c.Addf("", "the configuration is empty")
		return false
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		c.Addf("", "%s", InvalidJSON(raw, err))
		return false
	}
	return c.Object("", raw, fields)
}

// Object decodes raw, the JSON mapping at ptr, into fields. Every unknown
// setting is reported (with the known one it most likely misspells), and
// every value of the wrong type; settings left out keep the value their
// pointer already points at. It reports whether raw was a mapping.
func (c *Checker) Object(ptr string, raw json.RawMessage, fields Fields) bool {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		c.Addf(ptr, "must be a mapping with the settings %s, not %s", fields.names(), describe(raw))
		return false
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		at := Join(ptr, k)
		dst, ok := fields[k]
		if !ok {
			c.Addf(at, "unknown setting %q%s; the settings here are %s", k, fields.suggest(k), fields.names())
			continue
		}
		if err := json.Unmarshal(obj[k], dst); err != nil {
			c.Addf(at, "%q must be %s, not %s", k, want(dst), describe(obj[k]))
		}
	}
	return true
}

// Value decodes raw, the value at ptr, into dst, a pointer, and reports a
// value of the wrong kind; it reports whether raw was decoded. It is for
// the items of a list, so that each wrong one is reported at its own
// pointer (ptr/i) rather than the whole list at once.
func (c *Checker) Value(ptr string, raw json.RawMessage, dst any) bool {
	if err := json.Unmarshal(raw, dst); err != nil {
		c.Addf(ptr, "must be %s, not %s", want(dst), describe(raw))
		return false
	}
	return true
}

// names lists the settings in alphabetical order, for messages.
func (f Fields) names() string {
	return strings.Join(slices.Sorted(maps.Keys(f)), ", ")
}

// suggest names the setting a misspelt key most likely means, or is empty.
func (f Fields) suggest(key string) string {
	if best := Suggest(key, slices.Sorted(maps.Keys(f))); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// describe names a JSON value for messages: its kind, and a scalar's value
// too, which is what the author will search their file for.
func describe(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return "nothing"
	}
	switch s[0] {
	case '{':
		return "a mapping"
	case '[':
		return "a list"
	case '"':
		var text string
		_ = json.Unmarshal(raw, &text)
		if r := []rune(text); len(r) > 40 {
			text = string(r[:40]) + "…"
		}
		return fmt.Sprintf("the text %q", text)
	case 't', 'f':
		return s // true or false
	case 'n':
		return "empty"
	}
	return "the number " + s
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// want names the kind of JSON value dst, a pointer, is decoded from.
func want(dst any) string {
	if it, ok := dst.(*items); ok {
		return want(reflect.New(it.list).Interface())
	}
	t := reflect.TypeOf(dst)
	for t != nil && t.Kind() == reflect.Pointer {
		if t.Implements(textUnmarshaler) {
			return "text"
		}
		t = t.Elem()
	}
	if t == nil {
		return "a mapping"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "a list of text"
		}
		return "a list"
	}
	return "a mapping"
}
