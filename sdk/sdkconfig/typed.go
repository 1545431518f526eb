package sdkconfig

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// A typed configuration is a Go struct whose fields carry their rules in
// tags, so that one declaration gives both the JSON Schema a content type
// publishes (Schema) and the checks its Validate runs (Checker.Typed):
//
//	type config struct {
//		Question string   `json:"question" config:"required"`
//		Choices  []string `json:"choices" config:"required,min=2"`
//		Layout   string   `json:"layout" config:"enum=list|grid"`
//	}
//
// The json tag names the setting. The config tag lists, comma-separated:
//   - required: the setting must be there; text must not be blank.
//   - min=N, max=N: the least and most a number may be, characters a text
//     may have, or items a list may hold.
//   - above=N: a number must be more than N (a share, a duration).
//   - enum=a|b|c: the only texts allowed.
//   - markdown: the text is Markdown; the schema says so
//     ("contentMediaType": "text/markdown"), so that an editor offers a
//     multi-line box with a preview. It adds no check.
//
// More tags, each on its own because their values may hold commas:
//   - pattern:"^[a-z]+$": a regular expression every text must match.
//   - msg:"...": what the author reads when the value breaks one of the
//     field's rules, instead of sdkconfig's words: say what the setting is
//     for and how to fix it. %v in it is the value given.
//   - missing:"...": what the author reads when a required setting is left
//     out or blank, if it should differ from msg.
//   - doc:"...": the setting's description in the schema, for editors.
//   - default:"0.9": the schema's default, as JSON; decoding leaves a
//     setting left out at its zero value, so apply the default in code.
//
// Fields may be text, numbers, true/false, nested structs, lists of those,
// pointers to them (optional settings left out stay nil) and
// json.RawMessage (anything, checked by hand).

// rule is one struct field and what its tags ask of it.
type rule struct {
	name       string
	index      int
	required   bool
	markdown   bool
	min, max   *float64
	above      *float64
	enum       []string
	pattern    *regexp.Regexp
	msg, doc   string
	missing    string
	defaultRaw json.RawMessage
}

var rawMessage = reflect.TypeFor[json.RawMessage]()

// rulesOf reads the rules of a struct type's exported fields. A malformed
// tag is a bug in the content type, found by its first test: it panics.
func rulesOf(t reflect.Type) []rule {
	var rules []rule
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		r := rule{name: name, index: i, msg: f.Tag.Get("msg"), doc: f.Tag.Get("doc"), missing: f.Tag.Get("missing")}
		if p, ok := f.Tag.Lookup("pattern"); ok {
			r.pattern = regexp.MustCompile(p)
		}
		if d, ok := f.Tag.Lookup("default"); ok {
			if !json.Valid([]byte(d)) {
				panic(fmt.Sprintf("sdkconfig: %s.%s: default %q is not JSON", t, f.Name, d))
			}
			r.defaultRaw = json.RawMessage(d)
		}
		for opt := range strings.SplitSeq(f.Tag.Get("config"), ",") {
			key, val, _ := strings.Cut(strings.TrimSpace(opt), "=")
			switch key {
			case "":
			case "required":
				r.required = true
			case "markdown":
				r.markdown = true
			case "min", "max", "above":
				n, err := strconv.ParseFloat(val, 64)
				if err != nil {
					panic(fmt.Sprintf("sdkconfig: %s.%s: config tag %s=%q is not a number", t, f.Name, key, val))
				}
				switch key {
				case "min":
					r.min = &n
				case "max":
					r.max = &n
				default:
					r.above = &n
				}
			case "enum":
				r.enum = strings.Split(val, "|")
			default:
				panic(fmt.Sprintf("sdkconfig: %s.%s: unknown config tag option %q", t, f.Name, key))
			}
		}
		if r.above != nil && !isNumber(f.Type) {
			panic(fmt.Sprintf("sdkconfig: %s.%s: above= is for numbers", t, f.Name))
		}
		rules = append(rules, r)
	}
	return rules
}

// structType is the struct type v is, or points to; it panics otherwise.
func structType(v any) reflect.Type {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("sdkconfig: a typed configuration must be a struct, not %v", reflect.TypeOf(v)))
	}
	return t
}

func isNumber(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64
}
