package authoring

import (
	"strings"
	"testing"
)

func TestDiffLines(t *testing.T) {
	for name, c := range map[string]struct{ a, b, want string }{
		"Same":    {"a\nb", "a\nb", " a  b"},
		"Added":   {"a\nc", "a\nb\nc", " a +b  c"},
		"Removed": {"a\nb\nc", "a\nc", " a -b  c"},
		"Changed": {"title: Old\nid: x", "title: New\nid: x", "-title: Old +title: New  id: x"},
		"Empty":   {"", "a", "+a"},
	} {
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, l := range DiffLines(splitLines(c.a), splitLines(c.b)) {
				got = append(got, string(l.Op)+l.Text)
			}
			if s := strings.Join(got, " "); s != c.want {
				t.Fatalf("diff %q, want %q", s, c.want)
			}
		})
	}
}

func TestDiffMarksBinaryFiles(t *testing.T) {
	d := Diff(Files{"a.png": {0xff, 0}, "x.md": []byte("a\n")}, Files{"a.png": {0xfe, 0}})
	if len(d) != 2 || !d[0].Binary || !d[0].Changed || d[1].Path != "x.md" || len(d[1].Lines) != 1 || d[1].Lines[0].Op != '-' {
		t.Fatalf("diff %+v, want a.png binary and changed, x.md removed", d)
	}
}
