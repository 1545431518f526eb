package schemaform_test

import (
	"testing"

	"github.com/lode-elearning/lode/engine/schemaform"
)

func TestNames(t *testing.T) {
	tests := []struct{ ptr, name string }{
		{"/questions/0/choices/1/text", "cfg.questions.0.choices.1.text"},
		{"/intro", "cfg.intro"},
		{"", "cfg.~root"},
		{"/a.b/c~0d", "cfg.a~1b.c~0d"}, // dots and tildes in keys are escaped
		{"/x~1y", "cfg.x/y"},           // a slash in a key needs no escape in a name
		{"/~0~1./z", "cfg.~0/~1.z"},    // every escape at once
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := schemaform.FieldName("cfg.", tt.ptr); got != tt.name {
				t.Errorf("FieldName(%q) = %q, want %q", tt.ptr, got, tt.name)
			}
			got, ok := schemaform.PointerOf("cfg.", tt.name)
			if !ok || got != tt.ptr {
				t.Errorf("PointerOf(%q) = %q, %v, want %q", tt.name, got, ok, tt.ptr)
			}
		})
	}
	t.Run("OtherPrefix", func(t *testing.T) {
		if _, ok := schemaform.PointerOf("cfg.", "csrf_token"); ok {
			t.Error("a name outside the prefix maps to a pointer")
		}
	})
}
