package schemaform

import (
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

var errTrailing = errors.New("more than one JSON value")

// maxItems bounds the item count a post may claim (the "~n" input), so a
// forged count cannot make the server build a huge list.
const maxItems = 1000

// decoder reads one post.
type decoder struct {
	form     url.Values
	prefix   string
	problems []Problem
}

// DecodeResult reads a posted form back into JSON, typed by the schema,
// and applies the array operation its op button asked for. A setting the
// value did not have before (the form's "~keys" inputs say which it had)
// is left out again when its input still shows its default or is empty,
// so an unchanged form gives back the value it showed.
func (f *Form) DecodeResult(form url.Values, prefix string) Result {
	d := &decoder{form: form, prefix: prefix}
	v, _ := d.value(f.root, "", "", "")
	r := Result{Op: form.Get(prefix + "op")}
	if r.Op != "" {
		var err error
		if v, r.Focus, err = f.apply(v, r.Op, prefix); err != nil {
			d.problems = append(d.problems, Problem{Pointer: "", Message: err.Error()})
		}
	}
	r.Value, r.Problems = marshal(v), d.problems
	return r
}

func marshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		// Decoded values are maps, lists and scalars: they always marshal.
		panic("schemaform: " + err.Error())
	}
	return b
}

func (d *decoder) addf(ptr, key, format string, args ...any) {
	msg := strings.TrimSpace(quoted(key) + " " + sprintf(format, args...))
	d.problems = append(d.problems, Problem{Pointer: ptr, Message: msg})
}

// value decodes the input(s) of node n at path p; set is false when the
// post leaves the setting empty, so that it is left out.
func (d *decoder) value(n *node, p, ptr, key string) (v any, set bool) {
	if text, ok := d.get(meta(p, "~json")); ok {
		return d.rawJSON(ptr, key, text)
	}
	switch n.kind {
	case kindObject:
		return d.object(n, p, ptr), true
	case kindArray:
		return d.array(n, p, ptr)
	case kindString:
		s, ok := d.get(d.pathName(p))
		if !ok || (s == "" && n.enum != nil) {
			return nil, false
		}
		return strings.ReplaceAll(s, "\r\n", "\n"), true // browsers post CRLF
	case kindNumber, kindInteger:
		s, _ := d.get(d.pathName(p))
		if s = strings.TrimSpace(s); s == "" {
			return nil, false
		}
		return d.number(n, ptr, key, s), true
	case kindBoolean:
		s, _ := d.get(d.pathName(p))
		return s == "true", true // an unticked box is not posted: false
	}
	text, _ := d.get(d.pathName(p))
	return d.rawJSON(ptr, key, text)
}

func (d *decoder) get(name string) (string, bool) {
	vs, ok := d.form[d.prefix+name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// pathName is the input name of path p without the prefix.
func (d *decoder) pathName(p string) string {
	if p == "" {
		return rootName
	}
	return p
}

// rawJSON reads a JSON text area; text that is not JSON is kept as a
// string, so the author's words survive the round trip to the problem.
func (d *decoder) rawJSON(ptr, key, text string) (any, bool) {
	if strings.TrimSpace(text) == "" {
		return nil, false
	}
	v, err := decodeJSON([]byte(text))
	if err != nil {
		d.addf(ptr, key, "must be JSON: %v", err)
		return text, true
	}
	return v, true
}

// number reads a number as the author wrote it when that is JSON (0.10
// stays 0.10), else as Go reads it (".5"); text that is no number is kept
// as text with a problem.
func (d *decoder) number(n *node, ptr, key, s string) any {
	want := "a number"
	if n.kind == kindInteger {
		want = "a whole number"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		d.addf(ptr, key, "must be %s, not %s", want, describe(s))
		return s
	}
	num := json.Number(s)
	if !json.Valid([]byte(s)) {
		num = json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	if n.kind == kindInteger && f != math.Trunc(f) {
		d.addf(ptr, key, "must be %s, not %s", want, describe(num))
	}
	return num
}

func (d *decoder) object(n *node, p, ptr string) map[string]any {
	had := map[string]bool{}
	if k, ok := d.get(meta(p, "~keys")); ok {
		var keys []string
		_ = json.Unmarshal([]byte(k), &keys) // forged: as if none were there
		for _, key := range keys {
			had[key] = true
		}
	}
	obj := map[string]any{}
	for _, pr := range n.props {
		v, set := d.value(pr.node, join(p, pr.key), ptr+"/"+keyToPtr.Replace(pr.key), pr.key)
		if set && (had[pr.key] || !implicit(pr.node, v)) {
			obj[pr.key] = v
		}
	}
	if text, ok := d.get(meta(p, "~extra")); ok && strings.TrimSpace(text) != "" {
		var extra map[string]any
		v, err := decodeJSON([]byte(text))
		if extra, _ = v.(map[string]any); err != nil || extra == nil {
			d.problems = append(d.problems, Problem{Pointer: ptr,
				Message: "the other settings must be a JSON mapping such as {\"key\": \"value\"}"})
			extra = map[string]any{"other settings (not JSON)": text}
		}
		for k, v := range extra {
			if _, known := obj[k]; !known {
				obj[k] = v
			}
		}
	}
	return obj
}

func (d *decoder) array(n *node, p, ptr string) (any, bool) {
	s, ok := d.get(meta(p, "~n"))
	if !ok {
		return nil, false
	}
	count, err := strconv.Atoi(s)
	if err != nil || count < 0 || count > maxItems {
		d.problems = append(d.problems, Problem{Pointer: ptr, Message: "the form's item count is damaged; reload the page"})
		return nil, false
	}
	arr := make([]any, count)
	for i := range arr {
		v, set := d.value(n.items, join(p, strconv.Itoa(i)), ptr+"/"+strconv.Itoa(i), "")
		if !set && n.items.kind == kindString {
			v = "" // an item emptied is an empty item, not a missing one
		}
		arr[i] = v
	}
	return arr, true
}

// implicit reports whether v is what leaving the setting out means: its
// default, or else the empty value of its kind.
func implicit(n *node, v any) bool {
	if n.def != nil {
		def, err := decodeJSON(n.def)
		return err == nil && reflect.DeepEqual(def, v)
	}
	switch v := v.(type) {
	case string:
		return v == ""
	case bool:
		return !v
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}
