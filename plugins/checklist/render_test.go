package checklist_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

const media = "https://lode.test/modules/desk/"

func mustRender(t *testing.T, ct sdk.ContentType, config json.RawMessage, state string) *html.Node {
	t.Helper()
	res, err := ct.Render(context.Background(), &sdk.RenderRequest{
		Object: sdk.Object{ID: "first-shift", Title: "First shift", Config: config, MediaBaseURL: media},
		State:  sdktest.RawJSON(state),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Assets) != 1 || res.Assets[0] != "checklist.css" {
		t.Errorf("assets = %v", res.Assets)
	}
	return sdktest.ParseHTML(t, res.HTML)
}

func TestRenderStructure(t *testing.T) {
	doc := mustRender(t, sdktest.InProcess(t, checklist.New()), sdktest.ReadConfig(t, "testdata/sample.yaml"), "")
	if root := doc.FirstChild; root == nil || sdktest.Attr(root, "data-lode-plugin") != "checklist" {
		t.Fatal("root element should carry data-lode-plugin=checklist")
	}
	forms := sdktest.FindAll(doc, "form")
	if len(forms) != 1 || sdktest.Attr(forms[0], "data-lode-event") != "save" {
		t.Fatal("want one form with data-lode-event=save")
	}
	// Without JavaScript the Save button posts the form to the object's
	// page; with it, every change is saved as it is made.
	if sdktest.Attr(forms[0], "method") != "post" || sdktest.Attr(forms[0], "action") != "?event=save" || !sdktest.HasAttr(forms[0], "data-lode-autosave") {
		t.Error(`want the form to post to ?event=save and to be marked data-lode-autosave`)
	}
	if st := sdktest.ByID(doc, "first-shift-progress"); st == nil || !sdktest.HasAttr(st, "data-lode-autosave-status") || sdktest.Attr(st, "role") != "status" {
		t.Error("want the progress to be the autosave status, a live region")
	}
	legend := sdktest.FindAll(forms[0], "legend")
	if len(sdktest.FindAll(forms[0], "fieldset")) != 1 || len(legend) != 1 || sdktest.Text(legend[0]) != "First shift" {
		t.Error("want a fieldset with the object title as legend")
	}
	labels := sdktest.Labels(doc)
	boxes := sdktest.FindAll(doc, "input")
	if len(boxes) != 4 {
		t.Fatalf("got %d inputs, want 4 checkboxes", len(boxes))
	}
	for _, b := range boxes {
		id := sdktest.Attr(b, "id")
		if sdktest.Attr(b, "type") != "checkbox" || sdktest.Attr(b, "name") != "items" || !strings.HasPrefix(id, "first-shift-") {
			t.Errorf("checkbox %q: want type=checkbox name=items and an id prefixed by the object id", id)
		}
		if labels[id] == "" {
			t.Errorf("checkbox %q has no label", id)
		}
		if d := sdktest.Attr(b, "aria-describedby"); d != "" && sdktest.ByID(doc, d) == nil {
			t.Errorf("checkbox %q is described by missing element %q", id, d)
		}
	}
	if got := labels["first-shift-item-meet-team"]; !strings.HasSuffix(got, "(optional)") {
		t.Errorf("optional item label = %q, want it marked (optional)", got)
	}
	if d := sdktest.ByID(doc, sdktest.Attr(boxes[0], "aria-describedby")); d == nil || !strings.Contains(sdktest.Text(d), "accessible entrance") {
		t.Error("first item's description should be linked with aria-describedby")
	}
	links := sdktest.FindAll(doc, "a")
	if len(links) != 1 || sdktest.Attr(links[0], "href") != "https://www.ala.org/advocacy/privacy" || sdktest.Attr(links[0], "target") != "" {
		t.Error("item link should render as a plain link that opens normally")
	}
	ta := sdktest.FindAll(doc, "textarea")
	if len(ta) != 1 || sdktest.Attr(ta[0], "name") != "note" || sdktest.Attr(ta[0], "maxlength") != "1000" || labels[sdktest.Attr(ta[0], "id")] == "" {
		t.Error("want one labelled textarea named note with maxlength 1000")
	}
	if btn := sdktest.FindAll(forms[0], "button"); len(btn) != 1 || sdktest.Text(btn[0]) != "Save" {
		t.Error("want a Save button")
	}
	if !strings.Contains(sdktest.Text(doc), "0 of 3 required items done; the reflection is still to write") {
		t.Errorf("progress text missing: %q", sdktest.Text(doc))
	}
}

func TestRenderState(t *testing.T) {
	note := "\nFirst line was blank.\n<script>alert(1)</script>"
	st, _ := json.Marshal(map[string]any{"checked": []string{"tour", "meet-team"}, "note": note, "completed": true})
	doc := mustRender(t, checklist.New(), sdktest.ReadConfig(t, "testdata/sample.yaml"), string(st))
	checked := map[string]bool{}
	for _, b := range sdktest.FindAll(doc, "input") {
		checked[sdktest.Attr(b, "value")] = sdktest.HasAttr(b, "checked")
	}
	if !checked["tour"] || !checked["meet-team"] || checked["policy"] || checked["catalog"] {
		t.Errorf("checked = %v", checked)
	}
	if n := len(sdktest.FindAll(doc, "script")); n != 0 {
		t.Errorf("the learner's note became %d script elements", n)
	}
	if ta := sdktest.FindAll(doc, "textarea"); len(ta) != 1 || textRaw(ta[0]) != note {
		t.Errorf("textarea should give back the note exactly, leading newline included")
	}
	if !strings.Contains(sdktest.Text(doc), "1 of 3 required items done") || !strings.Contains(sdktest.Text(doc), "✓ Checklist complete") {
		t.Errorf("progress or completion missing: %q", sdktest.Text(doc))
	}
}

func TestRenderEscapesAuthorText(t *testing.T) {
	cfg := json.RawMessage(`{"intro":"<img src=x onerror=alert(1)>Hi","items":[{"id":"a","text":"<b>Bold</b> & co",
		"description":"See [notes](notes/a.pdf) <script>alert(2)</script>","link":{"url":"forms/signup.pdf","text":"Sign-up form"}}]}`)
	doc := mustRender(t, checklist.New(), cfg, "")
	for n := range doc.Descendants() {
		if n.DataAtom == atom.Script || n.DataAtom == atom.B || n.DataAtom == atom.Img {
			t.Errorf("<%s> from author text survived", n.Data)
		}
	}
	if got := sdktest.Labels(doc)["first-shift-item-a"]; got != "<b>Bold</b> & co" {
		t.Errorf("label = %q, want the text shown literally", got)
	}
	hrefs := []string{}
	for _, a := range sdktest.FindAll(doc, "a") {
		hrefs = append(hrefs, sdktest.Attr(a, "href"))
	}
	if strings.Join(hrefs, " ") != media+"notes/a.pdf "+media+"forms/signup.pdf" {
		t.Errorf("relative links not resolved against the media folder: %v", hrefs)
	}
	if len(sdktest.FindAll(doc, "textarea")) != 0 {
		t.Error("textarea rendered without a reflection")
	}
}

// textRaw is an element's text without whitespace folding.
func textRaw(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}
