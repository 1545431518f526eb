package schemaform

import (
	"encoding/json"
	"html/template"
	"net/url"
)

// RenderWith is Render with Options.
func (f *Form) RenderWith(value json.RawMessage, problems []Problem, o Options) template.HTML {
	return ""
}

// DecodeResult reads a posted form back into JSON and applies the array
// operation its op button asked for.
func (f *Form) DecodeResult(form url.Values, prefix string) Result {
	return Result{}
}

// Validate checks value against the form's schema; see the package-level
// Validate.
func (f *Form) Validate(value json.RawMessage) []Problem {
	return nil
}
