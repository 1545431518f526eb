package module

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestToJSON(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"key order kept", "b: 1\na: 2", `{"b":1,"a":2}`},
		{"numbers", "i: 42\nneg: -7\nf: 0.25\nexp: 1e3\nhex: 0x1F\nbig: 12345678901234567890", `{"i":42,"neg":-7,"f":0.25,"exp":1000,"hex":31,"big":12345678901234567890}`},
		{"booleans and null", "t: true\nf: false\nn: null\ntilde: ~\nempty:", `{"t":true,"f":false,"n":null,"tilde":null,"empty":null}`},
		{"YAML 1.2: yes and on are text", "a: yes\nb: on", `{"a":"yes","b":"on"}`},
		{"quoted numbers stay text", `v: "1.0"`, `{"v":"1.0"}`},
		{"timestamps stay text", "d: 2024-05-01", `{"d":"2024-05-01"}`},
		{"HTML not escaped", "h: <b>&</b>", `{"h":"<b>&</b>"}`},
		{"unicode", "s: café ✓", `{"s":"café ✓"}`},
		{"lists and nesting", "q: [{id: a, n: [1, 2]}, []]", `{"q":[{"id":"a","n":[1,2]},[]]}`},
		{"aliases expanded", "a: &x {k: v}\nb: *x", `{"a":{"k":"v"},"b":{"k":"v"}}`},
		{"block text", "t: |\n  line 1\n  line 2\n", `{"t":"line 1\nline 2\n"}`},
		{"not a mapping", "[1, two]", `[1,"two"]`},
		{"empty mapping", "{}", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.yaml), &doc); err != nil {
				t.Fatal(err)
			}
			d := &decoder{file: "module.yaml"}
			got, ok := d.toJSON(doc.Content[0], "config")
			if !ok || string(got) != tt.want {
				t.Errorf("toJSON = %s, %v (%v); want %s", got, ok, problemStrings(d.problems), tt.want)
			}
		})
	}
}

// A few lines of aliases of aliases expand to billions of values; the
// conversion gives up instead of running out of memory.
func TestToJSON_AliasBomb(t *testing.T) {
	const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
`
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(bomb), &doc); err != nil {
		t.Fatal(err)
	}
	d := &decoder{file: "module.yaml"}
	if _, ok := d.toJSON(doc.Content[0], "config"); ok || len(d.problems) != 1 {
		t.Fatalf("toJSON ok = %v, problems %v; want one problem", ok, problemStrings(d.problems))
	}
	if want := "more than 100000 values once aliases are expanded"; d.problems[0].Message != want {
		t.Errorf("got %q, want %q", d.problems[0].Message, want)
	}
}
