package poll_test

import (
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/sdk/sdktest"

	"github.com/lode-elearning/lode/plugins/internal/schematest"
	"github.com/lode-elearning/lode/plugins/poll"
)

// The schema the poll publishes, derived from its config type, agrees with
// its Validate.
func TestSchemaAgreesWithValidate(t *testing.T) {
	schematest.Agrees(t, sdktest.InProcess(t, poll.New()),
		map[string]json.RawMessage{
			"Sample": sdktest.ReadConfig(t, "testdata/sample.yaml"),
		},
		map[string]json.RawMessage{
			"Version1Sample": sdktest.ReadConfig(t, "testdata/sample-v1.yaml"),
			"OneChoice":      sdktest.RawJSON(`{"question": "Which?", "choices": ["a"]}`),
			"BlankQuestion":  sdktest.RawJSON(`{"question": "  ", "choices": ["a", "b"]}`),
			"ChoiceNotText":  sdktest.RawJSON(`{"question": "Which?", "choices": ["a", 2]}`),
		})
}
