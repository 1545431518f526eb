package schemaform_test

import (
	"encoding/json"
	"html/template"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// post is what a browser sends when the form in html is submitted with
// the submit button whose value is op ("" for none): enabled inputs with
// names, ticked boxes only, each select's chosen option, text areas as
// typed (the parser drops the newline after <textarea>, as browsers do).
func post(t testing.TB, html template.HTML, op string) url.Values {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(html)))
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	doc.Find("input[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		value, _ := s.Attr("value")
		if typ, _ := s.Attr("type"); typ == "checkbox" {
			if _, checked := s.Attr("checked"); !checked {
				return
			}
		}
		form.Add(name, value)
	})
	doc.Find("textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		// Browsers post line breaks as CRLF.
		form.Add(name, strings.ReplaceAll(s.Text(), "\n", "\r\n"))
	})
	doc.Find("select[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		opt := s.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = s.Find("option").First()
		}
		value, _ := opt.Attr("value")
		form.Add(name, value)
	})
	if op != "" {
		btn := doc.Find(`button[value="` + op + `"]`)
		if btn.Length() != 1 {
			t.Fatalf("no button %q in the form", op)
		}
		name, _ := btn.Attr("name")
		form.Add(name, op)
	}
	return form
}

// set changes one field of a post, as an author typing would; it fails
// the test when the form has no such field, so a test cannot pass by
// posting a name the form never had.
func set(t testing.TB, form url.Values, name, value string) {
	t.Helper()
	if !form.Has(name) {
		t.Fatalf("the form has no field %q; it has %v", name, formNames(form))
	}
	form.Set(name, value)
}

func formNames(form url.Values) []string {
	var ks []string
	for k := range form {
		ks = append(ks, k)
	}
	return ks
}

// sameJSON fails unless a and b are the same JSON value.
func sameJSON(t testing.TB, got, want json.RawMessage) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got %s: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want %s: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
