package poll_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"

	"github.com/lode-elearning/lode/plugins/poll"
)

// The schema the poll publishes, derived from its config type, agrees with
// its Validate: a standard JSON Schema validator accepts the sample that
// Validate accepts and rejects the configs Validate rejects.
func TestSchemaAgreesWithValidate(t *testing.T) {
	ct := sdktest.InProcess(t, poll.New())
	d, err := ct.Describe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	schema := compileSchema(t, d.ConfigSchema)
	for _, tc := range []struct {
		name   string
		config json.RawMessage
		valid  bool
	}{
		{"Sample", sdktest.ReadConfig(t, "testdata/sample.yaml"), true},
		{"Version1Sample", sdktest.ReadConfig(t, "testdata/sample-v1.yaml"), false},
		{"OneChoice", sdktest.RawJSON(`{"question": "Which?", "choices": ["a"]}`), false},
		{"BlankQuestion", sdktest.RawJSON(`{"question": "  ", "choices": ["a", "b"]}`), false},
		{"ChoiceNotText", sdktest.RawJSON(`{"question": "Which?", "choices": ["a", 2]}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc any
			if err := json.Unmarshal(tc.config, &doc); err != nil {
				t.Fatal(err)
			}
			schemaErr := schema.Validate(doc)
			resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: tc.config})
			if err != nil {
				t.Fatal(err)
			}
			if (schemaErr == nil) != tc.valid || (len(resp.Problems) == 0) != tc.valid {
				t.Errorf("schema says %v, Validate says %v; want valid=%v", schemaErr, resp.Problems, tc.valid)
			}
		})
	}
}

func compileSchema(t *testing.T, raw json.RawMessage) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("poll.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("poll.json")
	if err != nil {
		t.Fatalf("the published schema does not compile: %v\n%s", err, raw)
	}
	return s
}
