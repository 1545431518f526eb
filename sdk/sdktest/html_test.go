package sdktest_test

import (
	"testing"

	"github.com/lode-elearning/lode/sdk/sdktest"
)

const fragment = `<div class="lode-x" data-lode-plugin="x">
  <h2>Check   your
     understanding</h2>
  <form data-lode-event="submit">
    <input type="checkbox" id="x-a" name="item" value="a" checked>
    <label for="x-a">Visit the <em>branch</em></label>
    <input type="text" id="x-note" name="note">
    <label for="x-note">Note</label>
    <button type="submit" id="x-submit">Save</button>
  </form>
</div>`

func TestHTMLHelpers(t *testing.T) {
	doc := sdktest.ParseHTML(t, fragment)
	if doc.Data != "section" || doc.FirstChild == nil || sdktest.Attr(doc.FirstChild, "data-lode-plugin") != "x" {
		t.Fatalf("ParseHTML should return the <section> holding the fragment")
	}
	t.Run("FindAll", func(t *testing.T) {
		inputs := sdktest.FindAll(doc, "input")
		if len(inputs) != 2 || sdktest.Attr(inputs[0], "id") != "x-a" || sdktest.Attr(inputs[1], "id") != "x-note" {
			t.Errorf("FindAll(input) = %d elements, want x-a then x-note", len(inputs))
		}
		if n := len(sdktest.FindAll(doc, "h1")); n != 0 {
			t.Errorf("FindAll(h1) found %d", n)
		}
	})
	t.Run("ByID", func(t *testing.T) {
		if b := sdktest.ByID(doc, "x-submit"); b == nil || b.Data != "button" {
			t.Errorf("ByID(x-submit) = %v", b)
		}
		if sdktest.ByID(doc, "x-missing") != nil {
			t.Error("ByID found an id that is not there")
		}
	})
	t.Run("Attr", func(t *testing.T) {
		box := sdktest.ByID(doc, "x-a")
		if sdktest.Attr(box, "value") != "a" || sdktest.Attr(box, "checked") != "" || sdktest.Attr(box, "missing") != "" {
			t.Errorf("Attr read %v", box.Attr)
		}
		if !sdktest.HasAttr(box, "checked") || sdktest.HasAttr(sdktest.ByID(doc, "x-note"), "checked") {
			t.Error("HasAttr should tell a boolean attribute from a missing one")
		}
	})
	t.Run("Text", func(t *testing.T) {
		if got := sdktest.Text(sdktest.FindAll(doc, "h2")[0]); got != "Check your understanding" {
			t.Errorf("Text = %q, want white space folded", got)
		}
		if got := sdktest.Text(sdktest.FindAll(doc, "em")[0].FirstChild); got != "branch" {
			t.Errorf("Text of a text node = %q", got)
		}
	})
	t.Run("Labels", func(t *testing.T) {
		labels := sdktest.Labels(doc)
		if len(labels) != 2 || labels["x-a"] != "Visit the branch" || labels["x-note"] != "Note" {
			t.Errorf("Labels = %v", labels)
		}
	})
}
