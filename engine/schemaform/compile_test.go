package schemaform_test

import (
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/engine/schemaform"
)

// features is a schema with one of each construct the form knows, and
// some it does not.
const features = `{
	"$defs": {
		"link": {"type": "object", "title": "Link", "properties": {
			"url": {"type": "string", "format": "uri"},
			"text": {"type": "string"}}, "required": ["url"]}
	},
	"type": "object",
	"properties": {
		"title": {"type": "string", "title": "Heading", "description": "Shown on top.", "maxLength": 20},
		"body": {"type": "string", "contentMediaType": "text/markdown"},
		"size": {"type": "string", "enum": ["s", "m", "l"], "default": "m"},
		"count": {"type": "integer", "minimum": 1},
		"ratio": {"type": ["number", "null"]},
		"on": {"type": "boolean", "default": true},
		"more": {"$ref": "#/$defs/link"},
		"links": {"type": "array", "items": {"$ref": "#/$defs/link"}},
		"id": {"type": "string", "pattern": "^[a-z]+$", "allOf": [{"pattern": "\\S"}]},
		"either": {"oneOf": [{"type": "string"}, {"type": "number"}]},
		"anything": {}
	},
	"required": ["title"],
	"additionalProperties": false
}`

func TestFeatures(t *testing.T) {
	f, err := schemaform.New(json.RawMessage(features))
	if err != nil {
		t.Fatal(err)
	}
	value := json.RawMessage(`{"title": "T", "body": "# Hi\n\nthere", "count": 3, "ratio": 0.25, "more": {"url": "https://x.org"},
		"links": [{"url": "a", "text": "A"}], "id": "abc", "either": 5, "anything": {"deep": [1, {"x": null}]}}`)
	html := f.Render(value, nil, "")
	doc := parse(t, html)
	for _, tt := range []struct{ selector, what string }{
		{`label[for="sf-title"]:contains("Heading (required)")`, "the title as label, marked required"},
		{`input#sf-title[aria-describedby="sf-title-help"]`, "help text linked"},
		{`textarea#sf-body[data-sf-markdown]`, "Markdown as a text area"},
		{`select#sf-size option[value="m"][selected]`, "the default chosen"},
		{`input#sf-count[inputmode="numeric"][value="3"]`, "an integer"},
		{`input#sf-ratio[inputmode="decimal"][value="0.25"]`, "a number"},
		{`input#sf-on[type="checkbox"][checked]`, "a default of true ticked"},
		{`fieldset#sf-more legend:contains("Link")`, "a $ref object under its title"},
		{`input#sf-more\.url[type="url"]`, "format uri"},
		{`fieldset#sf-links fieldset#sf-links\.0`, "an array of $ref objects"},
		{`textarea#sf-either`, "oneOf as JSON"},
		{`textarea#sf-anything`, "an empty schema as JSON"},
	} {
		if doc.Find(tt.selector).Length() != 1 {
			t.Errorf("%s: no %s", tt.what, tt.selector)
		}
	}
	got, problems := f.Decode(post(t, html, ""), "")
	if problems != nil {
		t.Fatal(problems)
	}
	sameJSON(t, got, value)
	if p := f.Validate(got); p != nil {
		t.Errorf("validate: %v", p)
	}
}

// TestMismatch: a value the schema does not allow (a list where a mapping
// goes, text in a list) is edited as JSON and comes back unchanged.
func TestMismatch(t *testing.T) {
	f, err := schemaform.New(json.RawMessage(features))
	if err != nil {
		t.Fatal(err)
	}
	value := json.RawMessage(`{"title": ["not", "text"], "more": "a link", "links": {"url": "u"}, "size": "xl", "count": "three"}`)
	html := f.Render(value, f.Validate(value), "")
	doc := parse(t, html)
	for _, sel := range []string{`textarea[name="title.~json"]`, `textarea[name="more.~json"]`, `textarea[name="links.~json"]`,
		`select#sf-size option[value="xl"][selected]`, `input#sf-count[value="three"]`} {
		if doc.Find(sel).Length() != 1 {
			t.Errorf("no %s", sel)
		}
	}
	got, problems := f.Decode(post(t, html, ""), "")
	if len(problems) != 1 || problems[0].Pointer != "/count" {
		t.Errorf("problems %v", problems)
	}
	sameJSON(t, got, value)
	t.Run("BadJSON", func(t *testing.T) {
		form := post(t, html, "")
		set(t, form, "more.~json", "{oops")
		got, problems := f.Decode(form, "")
		if len(problems) != 2 || problems[1].Pointer != "/more" {
			t.Fatalf("problems %v", problems)
		}
		var v map[string]any
		_ = json.Unmarshal(got, &v)
		if v["more"] != "{oops" {
			t.Errorf("the author's text is lost: %v", v["more"])
		}
	})
}

// TestDefaultsLeftOut: settings left out stay out when their inputs still
// show the default, and are written when the author changes them.
func TestDefaultsLeftOut(t *testing.T) {
	f, err := schemaform.New(json.RawMessage(features))
	if err != nil {
		t.Fatal(err)
	}
	form := post(t, f.Render(json.RawMessage(`{"title": "T"}`), nil, ""), "")
	got, _ := f.Decode(form, "")
	sameJSON(t, got, json.RawMessage(`{"title": "T"}`))
	set(t, form, "size", "l")
	form.Del("on") // untick
	set(t, form, "more.url", "https://x.org")
	got, _ = f.Decode(form, "")
	sameJSON(t, got, json.RawMessage(`{"title": "T", "size": "l", "on": false, "more": {"url": "https://x.org"}}`))
}

func TestNewRefusesNonObject(t *testing.T) {
	for _, s := range []string{``, `[]`, `"x"`, `{`} {
		if _, err := schemaform.New(json.RawMessage(s)); err == nil {
			t.Errorf("New(%q) compiled", s)
		}
	}
	// A recursive schema compiles: below a depth it is edited as JSON.
	f, err := schemaform.New(json.RawMessage(`{"type": "object", "properties": {"child": {"$ref": "#"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	value := json.RawMessage(`{"child": {"child": {}}}`)
	got, _ := f.Decode(post(t, f.Render(value, nil, ""), ""), "")
	sameJSON(t, got, value)
}

// TestNullIsLeftOut: null, YAML's empty value, saves as left out.
func TestNullIsLeftOut(t *testing.T) {
	f, err := schemaform.New(json.RawMessage(features))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.Decode(post(t, f.Render(json.RawMessage(`{"title": "T", "body": null, "ratio": null}`), nil, ""), ""), "")
	sameJSON(t, got, json.RawMessage(`{"title": "T"}`))
}

// TestScriptSmall: the editor's pages may carry at most 150 KB of script;
// the form's share stays small.
func TestScriptSmall(t *testing.T) {
	if n := len(schemaform.JS()); n == 0 || n > 8<<10 {
		t.Errorf("schemaform.js is %d bytes; keep it under 8 KB", n)
	}
	if n := len(schemaform.CSS()); n == 0 || n > 8<<10 {
		t.Errorf("schemaform.css is %d bytes; keep it under 8 KB", n)
	}
}
