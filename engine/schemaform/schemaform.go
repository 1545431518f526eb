// Package schemaform turns a content type's configuration JSON Schema
// (sdk.Description.ConfigSchema) into an HTML form and a posted form back
// into JSON, so that any content type, built in or external, is editable
// without editor code of its own.
//
// The form is server-rendered and works with scripts off: arrays are edited
// with submit buttons (add, remove, move up, move down) that post the form
// back; Decode applies the operation and the page re-renders. The small
// script (JS) only adds conveniences: focus moves and a Markdown preview.
//
// Field names are paths below a prefix: prefix + "questions.0.choices.1.text"
// is the JSON pointer /questions/0/choices/1/text (see FieldName and
// PointerOf). Problems, from Validate or from a content type's own check,
// carry JSON pointers and are shown next to the field they name.
//
// The package knows nothing of HTTP routing, Echo or storage.
package schemaform

import (
	"encoding/json"
	"html/template"
	"net/url"

	"github.com/lode-elearning/lode/sdk"
)

// Problem is one mistake in a configuration: Pointer is the JSON pointer of
// the setting at fault ("" for the whole configuration), Message says what
// is wrong in the words `lode check` uses.
type Problem struct {
	Pointer string
	Message string
}

// FromSDK converts the problems a content type's own Validate reports
// (through the plugin host) so that they show on the form like the
// schema's.
func FromSDK(ps []sdk.Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		out = append(out, Problem{Pointer: p.Pointer, Message: p.Message})
	}
	return out
}

// Form is a compiled schema, ready to render values and decode posts. It is
// safe for concurrent use: compile it once per content type.
type Form struct {
	root *node
}

// New compiles schema. It returns an error only when schema is not a JSON
// object; parts it does not understand become JSON text areas.
func New(schema json.RawMessage) (*Form, error) {
	root, err := compile(schema)
	if err != nil {
		return nil, err
	}
	return &Form{root: root}, nil
}

// Options are the rarer settings of RenderWith.
type Options struct {
	// Prefix is put before every field name, so that one page can hold
	// more than one form, or a form beside other inputs.
	Prefix string
	// Focus is the id of the element to focus when the page loads (the
	// Focus of a Result after an array operation); "" focuses the error
	// summary when there are problems.
	Focus string
	// PreviewURL, if set, is where the script posts Markdown (field
	// "markdown") for a preview; it answers with HTML.
	PreviewURL string
}

// Render writes the form for value (nil or empty renders the defaults)
// with problems shown inline and summarised at the top.
func (f *Form) Render(value json.RawMessage, problems []Problem, prefix string) template.HTML {
	return f.RenderWith(value, problems, Options{Prefix: prefix})
}

// Result is a decoded post.
type Result struct {
	// Value is the configuration the post describes, typed by the schema,
	// with the array operation applied. Text that should have been a
	// number is kept as text, so the author's input is never lost.
	Value json.RawMessage
	// Problems are the values that could not be read as their type.
	Problems []Problem
	// Op is the array operation posted ("add:questions"), or "" for a
	// plain submit: after an operation, re-render instead of saving.
	Op string
	// Focus is the id of the element to focus after re-rendering for Op.
	Focus string
}

// Decode reads a posted form back into JSON; see DecodeResult for the
// array operation it may have applied.
func (f *Form) Decode(form url.Values, prefix string) (json.RawMessage, []Problem) {
	r := f.DecodeResult(form, prefix)
	return r.Value, r.Problems
}

// Validate checks value against schema: required settings, types, bounds,
// patterns and choices, with messages worded like sdkconfig's. A schema
// that does not compile is reported at "".
func Validate(schema, value json.RawMessage) []Problem {
	f, err := New(schema)
	if err != nil {
		return []Problem{{Pointer: "", Message: "the content type's schema is unreadable: " + err.Error()}}
	}
	return f.Validate(value)
}
