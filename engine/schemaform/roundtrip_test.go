package schemaform_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/plugins/page"
	"github.com/lode-elearning/lode/plugins/poll"
	"github.com/lode-elearning/lode/plugins/quiz"
	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
)

// builtins are the content types that ship with Lode, by name.
func builtins() map[string]sdk.ContentType {
	return map[string]sdk.ContentType{"quiz": quiz.New(), "page": page.New(), "poll": poll.New(),
		"checklist": checklist.New(), "video": video.New()}
}

func schemaOf(t testing.TB, ct sdk.ContentType) json.RawMessage {
	t.Helper()
	d, err := ct.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d.ConfigSchema
}

// TestRoundTrip renders every object of the sample module with its
// content type's form, posts the form unchanged and decodes it: the value
// must come back as it was, and valid by the schema.
func TestRoundTrip(t *testing.T) {
	cts := builtins()
	tested := map[string]bool{}
	for _, o := range sampleObjects(t) {
		t.Run(o.ID, func(t *testing.T) {
			ct, ok := cts[o.Type]
			if !ok {
				t.Fatalf("no built-in %q", o.Type)
			}
			tested[o.Type] = true
			schema := schemaOf(t, ct)
			f, err := schemaform.New(schema)
			if err != nil {
				t.Fatal(err)
			}
			html := f.Render(o.Config, nil, "cfg.")
			got, problems := f.Decode(post(t, html, ""), "cfg.")
			if problems != nil {
				t.Errorf("decode problems: %v", problems)
			}
			sameJSON(t, got, o.Config)
			if p := schemaform.Validate(schema, got); p != nil {
				t.Errorf("validate: %v", p)
			}
		})
	}
	for name := range cts {
		if !tested[name] {
			t.Errorf("the sample module has no %s object: add one or a sample here", name)
		}
	}
}

// sampleObjects are the objects of the sample module, configs read as
// lode serve reads them (with !file included).
func sampleObjects(t testing.TB) []learning.Object {
	m, problems := module.Load(context.Background(), "../../content/reference-desk-basics", nil)
	if m == nil {
		t.Fatal(problems)
	}
	return m.Objects
}
