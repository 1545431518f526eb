package sdkconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Typed checks raw, a whole configuration, against the typed configuration
// dst points to (a struct; see the tags above) and decodes it into dst:
// every unknown setting, value of the wrong type, missing required setting
// and value out of its bounds is recorded at its pointer. It reports
// whether raw was a mapping. Add the rules tags cannot say (one correct
// choice, ids unique) after it.
func (c *Checker) Typed(raw json.RawMessage, dst any) bool {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || structType(dst) != v.Type().Elem() {
		panic("sdkconfig: Typed needs a pointer to a struct")
	}
	var probe any
	if len(raw) == 0 {
		c.Addf("", "the configuration is empty")
		return false
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		c.Addf("", "%s", InvalidJSON(raw, err))
		return false
	}
	return c.typedObject("", raw, v.Elem())
}

// typedObject decodes the mapping raw at ptr into the struct v and checks
// its rules, nested structs and lists of structs at their own pointers.
func (c *Checker) typedObject(ptr string, raw json.RawMessage, v reflect.Value) bool {
	rules := rulesOf(v.Type())
	fields, nested := Fields{}, map[string]any{}
	for _, r := range rules {
		f := v.Field(r.index)
		switch {
		case isStruct(f.Type()):
			nested[r.name] = new(json.RawMessage)
			fields[r.name] = nested[r.name]
		case f.Kind() == reflect.Slice && isStruct(f.Type().Elem()):
			nested[r.name] = new([]json.RawMessage)
			fields[r.name] = nested[r.name]
		case f.Kind() == reflect.Slice && f.Type() != rawMessage:
			nested[r.name] = &items{list: f.Type()}
			fields[r.name] = nested[r.name]
		default:
			fields[r.name] = f.Addr().Interface()
		}
	}
	if !c.Object(ptr, raw, fields) {
		return false
	}
	var present map[string]json.RawMessage
	_ = json.Unmarshal(raw, &present) // Object has checked it is a mapping
	for _, r := range rules {
		at := Join(ptr, r.name)
		f := v.Field(r.index)
		val, ok := present[r.name]
		if ok && string(bytes.TrimSpace(val)) == "null" {
			// YAML's empty value: an optional (pointer) setting left out,
			// anything else missing its value.
			if f.Kind() != reflect.Pointer {
				c.Addf(at, "%q must be %s, not empty", r.name, want(f.Addr().Interface()))
				continue
			}
			ok = false
		}
		if !ok || c.Has(at) {
			if !ok && r.required {
				c.fail(at, r.missingRule(), nil, "%q is required", r.name)
			}
			continue
		}
		switch n := nested[r.name].(type) {
		case *json.RawMessage:
			c.typedObject(at, *n, settable(f))
		case *[]json.RawMessage:
			f.Set(reflect.MakeSlice(f.Type(), len(*n), len(*n)))
			for i, item := range *n {
				c.typedObject(Join(at, strconv.Itoa(i)), item, settable(f.Index(i)))
			}
		case *items:
			f.Set(reflect.MakeSlice(f.Type(), len(n.raw), len(n.raw)))
			for i, item := range n.raw {
				c.Value(Join(at, strconv.Itoa(i)), item, f.Index(i).Addr().Interface())
			}
		}
		c.checkRule(at, r, f)
	}
	return true
}

// checkRule checks a decoded value against its rule's bounds and choices.
func (c *Checker) checkRule(at string, r rule, f reflect.Value) {
	for f.Kind() == reflect.Pointer && !f.IsNil() {
		f = f.Elem()
	}
	var n float64
	var unit string
	switch f.Kind() {
	case reflect.String:
		s := f.String()
		if r.required && strings.TrimSpace(s) == "" {
			c.fail(at, r.missingRule(), s, "%q must not be blank", r.name)
			return
		}
		if r.enum != nil && !slices.Contains(r.enum, s) {
			c.fail(at, r, s, "%q must be one of %s, not %q", r.name, strings.Join(r.enum, ", "), s)
			if best := Suggest(strings.ReplaceAll(s, "-", "_"), r.enum); best != "" {
				c.problems[len(c.problems)-1].Message += fmt.Sprintf("; did you mean %q?", best)
			}
			return
		}
		if r.pattern != nil && !r.pattern.MatchString(s) {
			c.fail(at, r, s, "%q must match %s, not %q", r.name, r.pattern, s)
			return
		}
		n, unit = float64(utf8.RuneCountInString(s)), " characters"
	case reflect.Slice, reflect.Array:
		n, unit = float64(f.Len()), " items"
	case reflect.Float32, reflect.Float64:
		n = f.Float()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n = float64(f.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n = float64(f.Uint())
	default:
		return
	}
	verb := "have" // "at least 2 items", but "be at least 2" for a number
	if unit == "" {
		verb = "be"
	}
	value := f.Interface()
	switch {
	case r.above != nil && n <= *r.above:
		c.fail(at, r, value, "%q must be more than %s, not %v", r.name, count(*r.above, unit), value)
	case r.min != nil && n < *r.min:
		c.fail(at, r, value, "%q must %s at least %s", r.name, verb, count(*r.min, unit))
	case r.max != nil && n > *r.max:
		c.fail(at, r, value, "%q must %s at most %s", r.name, verb, count(*r.max, unit))
	}
}

// missingRule is r with its words for a setting left out or blank.
func (r rule) missingRule() rule {
	if r.missing != "" {
		r.msg = r.missing
	}
	return r
}

// fail records a broken rule at ptr: in the field's own words when its msg
// tag gives them (with %v replaced by value, the value given), else in
// sdkconfig's.
func (c *Checker) fail(ptr string, r rule, value any, format string, args ...any) {
	if r.msg == "" {
		c.Addf(ptr, format, args...)
		return
	}
	given := "nothing"
	switch v := value.(type) {
	case nil:
	case string:
		given = strconv.Quote(v)
	default:
		given = fmt.Sprint(v)
	}
	c.Addf(ptr, "%s", strings.ReplaceAll(r.msg, "%v", given))
}

// settable is the struct f holds, allocating it when f is a nil pointer.
func settable(f reflect.Value) reflect.Value {
	if f.Kind() == reflect.Pointer {
		if f.IsNil() {
			f.Set(reflect.New(f.Type().Elem()))
		}
		return f.Elem()
	}
	return f
}

// count writes a bound with its unit: "2 items", "1 character", "0.5".
func count(f float64, unit string) string {
	if f == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return strconv.FormatFloat(f, 'g', -1, 64) + unit
}

func isStruct(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct
}

// items is a list of plain values (texts, numbers) decoded item by item,
// so that each wrong one is reported at its own pointer, ptr/i, rather
// than the whole list at once.
type items struct {
	list reflect.Type // the field's type, for messages
	raw  []json.RawMessage
}

func (it *items) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &it.raw) }
