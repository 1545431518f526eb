package sdktest

import (
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// JSONSchemaDraft is the JSON Schema dialect a ConfigSchema declares.
const JSONSchemaDraft = "https://json-schema.org/draft/2020-12/schema"

// CheckDescription calls ct.Describe and checks what every content type
// owes the engine: the SDK's protocol version, a name, a ConfigSchema in
// JSON Schema draft 2020-12, and each listed asset served, not empty, with
// its listed content type, while a name it does not list is refused as
// invalid. It returns the description for the checks of one's own type.
func CheckDescription(tb testing.TB, ct sdk.ContentType) *sdk.Description {
	tb.Helper()
	d, err := ct.Describe(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	if d.Name == "" || d.ProtocolVersion != sdk.ProtocolVersion {
		tb.Errorf("name %q, protocol version %d; want a name and %d", d.Name, d.ProtocolVersion, sdk.ProtocolVersion)
	}
	var schema struct {
		Schema string `json:"$schema"`
	}
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil || schema.Schema != JSONSchemaDraft {
		tb.Errorf("ConfigSchema declares %q (%v), want %s", schema.Schema, err, JSONSchemaDraft)
	}
	for _, info := range d.Assets {
		a, err := ct.Asset(tb.Context(), info.Name)
		if err != nil || len(a.Data) == 0 || a.ContentType != info.ContentType {
			tb.Errorf("asset %s (%s): %+v, %v", info.Name, info.ContentType, a, err)
		}
	}
	if _, err := ct.Asset(tb.Context(), "../go.mod"); !sdk.IsInvalid(err) {
		tb.Errorf("Asset of a name not listed = %v, want an InvalidError", err)
	}
	return d
}
