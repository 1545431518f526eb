package schemaform

import (
	"bytes"
	"encoding/json"
	"html/template"
	"slices"
	"strconv"
	"strings"
)

// renderer builds the view of one form: the field tree, then the problems
// placed on it.
type renderer struct {
	prefix, focus string
	byPtr         map[string]*field // where each JSON pointer is shown
	full          map[*field]string // "Questions › Question 1 › Points", for the summary
}

// summaryItem is one line of the error summary: a link to the field.
type summaryItem struct {
	ID, Label, Message string
}

type page struct {
	ID, PreviewURL string
	Summary        []summaryItem
	SummaryFocus   bool
	Root           *field
}

// RenderWith is Render with Options.
func (f *Form) RenderWith(value json.RawMessage, problems []Problem, o Options) template.HTML {
	r := &renderer{prefix: o.Prefix, focus: o.Focus, byPtr: map[string]*field{}, full: map[*field]string{}}
	v, has, bad := parseValue(value)
	root := r.field(f.root, "", "", v, has, "Configuration", "", false)
	if bad != "" {
		root = r.jsonField(f.root, "", "", "Configuration", "", false, bad)
	}
	p := page{ID: "sf-" + o.Prefix + "form", PreviewURL: o.PreviewURL, Root: root}
	for _, pr := range problems {
		fld := r.nearest(pr.Pointer)
		fld.Errors = append(fld.Errors, pr.Message)
		p.Summary = append(p.Summary, summaryItem{ID: fld.ID, Label: r.full[fld], Message: pr.Message})
	}
	p.SummaryFocus = len(p.Summary) > 0 && o.Focus == ""
	var b strings.Builder
	if err := formTemplate.ExecuteTemplate(&b, "form", p); err != nil {
		// The template and its data are ours: a failure is a bug.
		panic("schemaform: " + err.Error())
	}
	return template.HTML(b.String()) //nolint:gosec // html/template escaped it
}

// parseValue reads the value to show; bad is its text when it is not JSON,
// shown as it is so that nothing the author wrote is lost.
func parseValue(value json.RawMessage) (v any, has bool, bad string) {
	if len(bytes.TrimSpace(value)) == 0 {
		return nil, false, ""
	}
	v, err := decodeJSON(value)
	if err != nil {
		return nil, false, string(value)
	}
	return v, true, ""
}

// decodeJSON keeps numbers as written (json.Number), so that 0.1 shows and
// round-trips as 0.1.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errTrailing
	}
	return v, nil
}

// nearest is the field that shows ptr, or the closest enclosing one: a
// problem deep inside a JSON text area is shown on the text area.
func (r *renderer) nearest(ptr string) *field {
	for {
		if f, ok := r.byPtr[ptr]; ok {
			return f
		}
		i := strings.LastIndex(ptr, "/")
		if i < 0 {
			return r.byPtr[""]
		}
		ptr = ptr[:i]
	}
}

// ids: the input of path p is named prefix+p and has the id "sf-"+prefix+p.
func (r *renderer) name(p string) string {
	if p == "" {
		return r.prefix + rootName
	}
	return r.prefix + p
}

func (r *renderer) id(p string) string { return "sf-" + r.name(p) }

// meta names the form's bookkeeping input word ("~n", "~keys") of path p.
func meta(p, word string) string {
	if p == "" {
		return word
	}
	return p + "." + word
}

// field builds the view of node n at path p (JSON pointer ptr) showing v;
// has is false when the setting is left out, which shows its default.
func (r *renderer) field(n *node, p, ptr string, v any, has bool, label, parent string, required bool) *field {
	if !has && n.def != nil {
		v, _ = decodeJSON(n.def)
		has = v != nil
	}
	if n.kind == kindRaw || (has && !fits(n.kind, v)) {
		text := ""
		if has {
			text = indentJSON(v)
		}
		return r.jsonField(n, p, ptr, label, parent, required, text)
	}
	f := r.base(n, p, ptr, label, parent, required)
	switch n.kind {
	case kindObject:
		r.object(f, n, p, ptr, v)
	case kindArray:
		r.array(f, n, p, ptr, v)
	case kindString:
		s, _ := v.(string)
		f.Value, f.Kind, f.InputType = s, "text", inputType(n.format)
		switch {
		case n.enum != nil:
			f.Kind, f.Options = "select", options(n, s, has && v != nil, required)
		case n.markdown:
			f.Kind, f.Rows = "markdown", rows(s)
		}
	case kindNumber, kindInteger:
		f.Kind, f.Inputmode = "number", "decimal"
		if n.kind == kindInteger {
			f.Inputmode = "numeric"
		}
		f.Value = scalarText(v)
	case kindBoolean:
		f.Kind, f.Checked = "checkbox", v == true
	}
	return f
}

// base is the part of every field's view that does not depend on its kind.
func (r *renderer) base(n *node, p, ptr, label, parent string, required bool) *field {
	if n.title != "" {
		label = n.title
	}
	f := &field{ID: r.id(p), Name: r.name(p), Label: label, Required: required, Help: help(n)}
	f.Focus = f.ID == r.focus
	r.byPtr[ptr] = f
	r.full[f] = label
	if parent != "" {
		r.full[f] = parent + " › " + label
	}
	return f
}

// jsonField shows a subtree the form has no inputs for as JSON text.
func (r *renderer) jsonField(n *node, p, ptr, label, parent string, required bool, text string) *field {
	f := r.base(n, p, ptr, label+" (JSON)", parent, required)
	f.Kind, f.Value, f.Rows = "json", text, rows(text)
	if n.kind != kindRaw {
		// The value does not fit the schema: edit it as JSON under its
		// own name, so the decoder does not read it as the schema's type.
		f.Name = r.prefix + meta(p, "~json")
	}
	return f
}

func (r *renderer) object(f *field, n *node, p, ptr string, v any) {
	obj, _ := v.(map[string]any)
	f.Kind = "object"
	var keys []string
	for _, pr := range n.props {
		val, has := obj[pr.key]
		if has && val != nil { // null, YAML's empty value, is left out
			keys = append(keys, pr.key)
		}
		child := r.field(pr.node, join(p, pr.key), ptr+"/"+keyToPtr.Replace(pr.key), val, has,
			humanize(pr.key), r.parentLabel(f, p), n.required[pr.key])
		f.Children = append(f.Children, child)
	}
	k, _ := json.Marshal(keys)
	f.Hidden = append(f.Hidden, hidden{Name: r.prefix + meta(p, "~keys"), Value: string(k)})
	extra := map[string]any{}
	for key, val := range obj {
		if !slices.ContainsFunc(n.props, func(pr prop) bool { return pr.key == key }) {
			extra[key] = val
		}
	}
	if len(extra) == 0 {
		return
	}
	f.Extra = &field{Kind: "json", ID: r.id(meta(p, "~extra")), Name: r.prefix + meta(p, "~extra"),
		Label: "Other settings (JSON)", Value: indentJSON(extra), Rows: rows(indentJSON(extra)),
		Help: "Settings this content type does not describe. They are kept as written; remove the ones it does not need."}
	r.full[f.Extra] = strings.TrimPrefix(r.parentLabel(f, p)+" › ", " › ") + f.Extra.Label
	for key := range extra {
		r.byPtr[ptr+"/"+keyToPtr.Replace(key)] = f.Extra
	}
}

func (r *renderer) array(f *field, n *node, p, ptr string, v any) {
	arr, _ := v.([]any)
	one := singular(f.Label)
	f.Kind, f.OpName = "array", r.prefix+"op"
	f.Hidden = append(f.Hidden, hidden{Name: r.prefix + meta(p, "~n"), Value: strconv.Itoa(len(arr))})
	for i, val := range arr {
		ip := join(p, strconv.Itoa(i))
		item := r.field(n.items, ip, ptr+"/"+strconv.Itoa(i), val, true, one+" "+strconv.Itoa(i+1), r.parentLabel(f, p), false)
		ops := &itemOps{OpName: f.OpName, Label: item.Label, Remove: "remove:" + ip, RemoveID: item.ID + "~remove"}
		if i > 0 {
			ops.Up, ops.UpID = "up:"+ip, item.ID+"~up"
		}
		if i < len(arr)-1 {
			ops.Down, ops.DownID = "down:"+ip, item.ID+"~down"
		}
		ops.UpFocus, ops.DownFocus = ops.UpID == r.focus, ops.DownID == r.focus
		item.Item = ops
		f.Children = append(f.Children, item)
	}
	if n.maxItems == nil || float64(len(arr)) < *n.maxItems {
		f.AddOp, f.AddLabel = "add:"+p, "Add "+lowerFirst(one)
		f.AddFocus = f.ID+"~add" == r.focus
	}
}

// parentLabel is what the summary puts before the labels of f's children:
// the top level goes unnamed.
func (r *renderer) parentLabel(f *field, p string) string {
	if p == "" {
		return ""
	}
	return r.full[f]
}

// fits reports whether v is a value the inputs of kind can show; null is
// a setting left out.
func fits(k kind, v any) bool {
	switch v.(type) {
	case nil:
		return true
	case map[string]any:
		return k == kindObject
	case []any:
		return k == kindArray
	case string:
		// Text in a number field is what the author typed there and the
		// decoder kept: show it again, next to its problem.
		return k == kindString || k == kindNumber || k == kindInteger
	case json.Number:
		return k == kindNumber || k == kindInteger
	case bool:
		return k == kindBoolean
	}
	return false
}

func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

func indentJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return ""
	}
	return string(b)
}

// help is the text under a label: the description, and the default when
// there is one, so the author knows what leaving it empty means.
func help(n *node) string {
	h := n.description
	if n.def != nil && n.kind != kindObject && n.kind != kindArray {
		d := strings.Trim(string(n.def), `"`)
		if n.kind == kindBoolean {
			d = map[string]string{"true": "ticked", "false": "not ticked"}[d]
		}
		if d != "" {
			h = strings.TrimSpace(h + " Default: " + d + ".")
		}
	}
	return h
}

func inputType(format string) string {
	switch format {
	case "uri", "url":
		return "url"
	case "email":
		return "email"
	}
	return "text"
}

// options are an enum's choices; a value outside them is kept as a choice
// of its own, so that saving the form unchanged does not change it.
func options(n *node, value string, has, required bool) []option {
	var opts []option
	if !has || !required {
		label := "(not set)"
		if required {
			label = "Choose…"
		}
		opts = append(opts, option{Value: "", Label: label, Selected: !has})
	}
	for _, e := range n.enum {
		opts = append(opts, option{Value: e, Label: e, Selected: has && e == value})
	}
	if has && !slices.Contains(n.enum, value) {
		opts = append(opts, option{Value: value, Label: value + " (not one of the choices)", Selected: true})
	}
	return opts
}

// rows sizes a text area to its text, within reason: a one-line choice
// does not need a tall box, a page body does.
func rows(text string) int {
	return min(max(strings.Count(text, "\n")+2, 3), 20)
}
