// Package schematest checks that the JSON Schema a built-in content type
// publishes, derived from its typed configuration (sdkconfig.Schema), and
// its Validate agree: a standard JSON Schema validator accepts what
// Validate accepts and refuses what it refuses, so an editor that reads
// the schema tells authors what Lode will tell them.
package schematest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lode-elearning/lode/sdk"
)

// Agrees runs each configuration, by name, through ct's published schema
// and its Validate, and fails where either refuses one of valid or
// accepts one of invalid. The invalid ones should be those the schema can
// judge: rules only Validate knows (ids unique, one correct choice) are
// tested with Validate alone.
func Agrees(t *testing.T, ct sdk.ContentType, valid, invalid map[string]json.RawMessage) {
	t.Helper()
	d, err := ct.Describe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	schema := compile(t, d.Name, d.ConfigSchema)
	check := func(name string, config json.RawMessage, want bool) {
		t.Run(name, func(t *testing.T) {
			var doc any
			if err := json.Unmarshal(config, &doc); err != nil {
				t.Fatal(err)
			}
			schemaErr := schema.Validate(doc)
			resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: config})
			if err != nil {
				t.Fatal(err)
			}
			if (schemaErr == nil) != want || (len(resp.Problems) == 0) != want {
				t.Errorf("schema says %v, Validate says %v; want valid=%v", schemaErr, resp.Problems, want)
			}
		})
	}
	for name, config := range valid {
		check(name, config, true)
	}
	for name, config := range invalid {
		check(name, config, false)
	}
}

func compile(t *testing.T, name string, raw json.RawMessage) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name+".json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name + ".json")
	if err != nil {
		t.Fatalf("the published schema does not compile: %v\n%s", err, raw)
	}
	return s
}
