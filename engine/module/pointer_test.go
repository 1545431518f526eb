package module

import (
	"fmt"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestLocate(t *testing.T) {
	const src = `config:
  title: Quiz
  questions:
    - id: q1
      choices: [a, b]
    - &q2
      id: q2
  again: *q2
  "a/b": x
`
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	key, config := doc.Content[0].Content[0], doc.Content[0].Content[1]
	tests := []struct {
		pointer string
		want    string // line:column
	}{
		{"", "1:1"},
		{"/title", "2:3"},
		{"/questions", "3:3"},
		{"/questions/0", "4:7"},
		{"/questions/0/choices", "5:7"},
		{"/questions/0/choices/1", "5:20"},
		{"/questions/1/id", "7:7"},
		{"/again/id", "7:7"},                     // through the alias, to where the value was written
		{"/a~1b", "9:3"},                         // "/" in a key is escaped as ~1
		{"/questions/0/feedback/correct", "4:7"}, // not written: nearest ancestor
		{"/questions/9", "3:3"},
		{"/questions/-1", "3:3"},
		{"/questions/x", "3:3"},
		{"/title/0", "2:3"}, // into a scalar
		{"no-slash", "1:1"}, // not a pointer
	}
	for _, tt := range tests {
		t.Run(tt.pointer, func(t *testing.T) {
			n := locate(key, config, tt.pointer)
			if got := fmt.Sprintf("%d:%d", n.Line, n.Column); got != tt.want {
				t.Errorf("locate(%q) = %s, want %s", tt.pointer, got, tt.want)
			}
		})
	}
}

func TestLocate_NoConfig(t *testing.T) {
	at := &yaml.Node{Line: 4, Column: 5}
	if n := locate(at, nil, "/questions/0"); n != at {
		t.Errorf("locate without a config = %d:%d, want the object's position", n.Line, n.Column)
	}
}
