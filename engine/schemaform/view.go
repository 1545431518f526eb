package schemaform

import (
	"strings"
	"unicode"
)

// field is what the template draws for one node: the view model, built by
// render.go from a node, a value and the problems, so that the template
// only lays out and never decides.
type field struct {
	Kind     string // object, array, text, markdown, select, number, checkbox, json
	ID, Name string
	Label    string
	Required bool
	Help     string
	Errors   []string
	Focus    bool // autofocus: the element to focus after an array operation

	Value     string   // text, markdown, number, json
	Rows      int      // text areas
	Inputmode string   // number: "decimal" or "numeric"
	InputType string   // text: "text", "url" or "email"
	Checked   bool     // checkbox
	Options   []option // select

	Children []*field // object properties; array items
	Hidden   []hidden // bookkeeping the decoder reads back
	Extra    *field   // object: settings the schema does not describe, as JSON

	// array
	OpName   string // the op buttons' name
	AddOp    string // "add:questions", or "" when the array is full
	AddLabel string
	AddFocus bool
	// array item
	Item *itemOps
}

// itemOps are the buttons that edit one array item.
type itemOps struct {
	OpName                 string
	Label                  string // "Question 2", read after each button's word
	Remove, Up, Down       string // op values; Up/Down "" at the ends
	RemoveID, UpID, DownID string
	UpFocus, DownFocus     bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type hidden struct{ Name, Value string }

// describedBy lists the ids of the help and error texts of f.
func (f *field) DescribedBy() string {
	var ids []string
	if f.Help != "" {
		ids = append(ids, f.ID+"-help")
	}
	if len(f.Errors) > 0 {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// humanize turns a setting's key into a label: "passing_score" is
// "Passing score".
func humanize(key string) string {
	s := strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(key))
	if s == "" {
		return key
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// singular names one item of a list from the list's label: "Questions"
// gives "Question", "Choices" "Choice"; a label that is not a plural
// gives "<label> item".
func singular(label string) string {
	switch {
	case strings.HasSuffix(label, "ies"):
		return strings.TrimSuffix(label, "ies") + "y"
	case strings.HasSuffix(label, "ss"), !strings.HasSuffix(label, "s"):
		return label + " item"
	}
	return strings.TrimSuffix(label, "s")
}

// lowerFirst writes a label inside a sentence: "Add question".
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
