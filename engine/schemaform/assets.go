package schemaform

import (
	_ "embed"
	"html/template"
)

//go:embed assets/schemaform.css
var css string

//go:embed assets/schemaform.js
var js string

// CSS is the form's style sheet, for the editor to serve or inline.
func CSS() string { return css }

// JS is the form's script: progressive enhancement only (focus moves, the
// Markdown preview); every form works without it. Serve it as a file
// (it is small, well under 150 KB) from the editor's static assets.
func JS() string { return js }

//go:embed assets/form.html
var formHTML string

// formTemplate is parsed once; its data is built by render.go.
var formTemplate = template.Must(template.New("form").Parse(formHTML))
