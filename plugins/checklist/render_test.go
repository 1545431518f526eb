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
	var raw json.RawMessage
	if state != "" {
		raw = json.RawMessage(state)
	}
	res, err := ct.Render(context.Background(), &sdk.RenderRequest{
		Object: sdk.Object{ID: "first-shift", Title: "First shift", Config: config, MediaBaseURL: media},
		State:  raw,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Assets) != 1 || res.Assets[0] != "checklist.css" {
		t.Errorf("assets = %v", res.Assets)
	}
	return mustParse(t, res.HTML)
}

func TestRenderStructure(t *testing.T) {
	doc := mustRender(t, sdktest.InProcess(t, checklist.New()), mustSample(t), "")
	if root := doc.FirstChild; root == nil || attr(root, "data-lode-plugin") != "checklist" {
		t.Fatal("root element should carry data-lode-plugin=checklist")
	}
	forms := findAll(doc, atom.Form)
	if len(forms) != 1 || attr(forms[0], "data-lode-event") != "save" {
		t.Fatal("want one form with data-lode-event=save")
	}
	legend := findAll(forms[0], atom.Legend)
	if len(findAll(forms[0], atom.Fieldset)) != 1 || len(legend) != 1 || text(legend[0]) != "First shift" {
		t.Error("want a fieldset with the object title as legend")
	}
	byID := ids(doc)
	labels := labelsByFor(doc)
	boxes := findAll(doc, atom.Input)
	if len(boxes) != 4 {
		t.Fatalf("got %d inputs, want 4 checkboxes", len(boxes))
	}
	for _, b := range boxes {
		id := attr(b, "id")
		if attr(b, "type") != "checkbox" || attr(b, "name") != "items" || !strings.HasPrefix(id, "first-shift-") {
			t.Errorf("checkbox %q: want type=checkbox name=items and an id prefixed by the object id", id)
		}
		if labels[id] == "" {
			t.Errorf("checkbox %q has no label", id)
		}
		if d := attr(b, "aria-describedby"); d != "" && byID[d] == nil {
			t.Errorf("checkbox %q is described by missing element %q", id, d)
		}
	}
	if got := labels["first-shift-item-meet-team"]; !strings.HasSuffix(got, "(optional)") {
		t.Errorf("optional item label = %q, want it marked (optional)", got)
	}
	if d := byID[attr(boxes[0], "aria-describedby")]; d == nil || !strings.Contains(text(d), "accessible entrance") {
		t.Error("first item's description should be linked with aria-describedby")
	}
	links := findAll(doc, atom.A)
	if len(links) != 1 || attr(links[0], "href") != "https://www.ala.org/advocacy/privacy" || attr(links[0], "target") != "" {
		t.Error("item link should render as a plain link that opens normally")
	}
	ta := findAll(doc, atom.Textarea)
	if len(ta) != 1 || attr(ta[0], "name") != "note" || attr(ta[0], "maxlength") != "1000" || labels[attr(ta[0], "id")] == "" {
		t.Error("want one labelled textarea named note with maxlength 1000")
	}
	if btn := findAll(forms[0], atom.Button); len(btn) != 1 || text(btn[0]) != "Save" {
		t.Error("want a Save button")
	}
	if !strings.Contains(text(doc), "0 of 3 required items done; the reflection is still to write") {
		t.Errorf("progress text missing: %q", text(doc))
	}
}

func TestRenderState(t *testing.T) {
	note := "\nFirst line was blank.\n<script>alert(1)</script>"
	st, _ := json.Marshal(map[string]any{"checked": []string{"tour", "meet-team"}, "note": note, "completed": true})
	doc := mustRender(t, checklist.New(), mustSample(t), string(st))
	checked := map[string]bool{}
	for _, b := range findAll(doc, atom.Input) {
		_, on := attrOK(b, "checked")
		checked[attr(b, "value")] = on
	}
	if !checked["tour"] || !checked["meet-team"] || checked["policy"] || checked["catalog"] {
		t.Errorf("checked = %v", checked)
	}
	if n := len(findAll(doc, atom.Script)); n != 0 {
		t.Errorf("the learner's note became %d script elements", n)
	}
	if ta := findAll(doc, atom.Textarea); len(ta) != 1 || textRaw(ta[0]) != note {
		t.Errorf("textarea should give back the note exactly, leading newline included")
	}
	if !strings.Contains(text(doc), "1 of 3 required items done") || !strings.Contains(text(doc), "✓ Checklist complete") {
		t.Errorf("progress or completion missing: %q", text(doc))
	}
}

func TestRenderEscapesAuthorText(t *testing.T) {
	cfg := json.RawMessage(`{"intro":"<img src=x onerror=alert(1)>Hi","items":[{"id":"a","text":"<b>Bold</b> & co",
		"description":"See [notes](notes/a.pdf) <script>alert(2)</script>","link":{"url":"forms/signup.pdf","text":"Sign-up form"}}]}`)
	doc := mustRender(t, checklist.New(), cfg, "")
	walk(doc, func(n *html.Node) {
		if n.DataAtom == atom.Script || n.DataAtom == atom.B || n.DataAtom == atom.Img {
			t.Errorf("<%s> from author text survived", n.Data)
		}
	})
	if got := labelsByFor(doc)["first-shift-item-a"]; got != "<b>Bold</b> & co" {
		t.Errorf("label = %q, want the text shown literally", got)
	}
	hrefs := []string{}
	for _, a := range findAll(doc, atom.A) {
		hrefs = append(hrefs, attr(a, "href"))
	}
	if strings.Join(hrefs, " ") != media+"notes/a.pdf "+media+"forms/signup.pdf" {
		t.Errorf("relative links not resolved against the media folder: %v", hrefs)
	}
	if len(findAll(doc, atom.Textarea)) != 0 {
		t.Error("textarea rendered without a reflection")
	}
}

func ids(doc *html.Node) map[string]*html.Node {
	out := map[string]*html.Node{}
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			out[id] = n
		}
	})
	return out
}

func labelsByFor(doc *html.Node) map[string]string {
	out := map[string]string{}
	for _, l := range findAll(doc, atom.Label) {
		out[attr(l, "for")] = text(l)
	}
	return out
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// textRaw is an element's text without whitespace folding.
func textRaw(n *html.Node) string {
	var b strings.Builder
	walk(n, func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
	})
	return b.String()
}
