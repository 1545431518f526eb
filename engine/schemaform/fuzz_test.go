package schemaform_test

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/plugins/quiz"
)

// FuzzDecode posts arbitrary forms to the quiz's form: Decode returns
// JSON, never panics, and what it returns renders and decodes again.
// go test -fuzz FuzzDecode -fuzztime 30s ./engine/schemaform/
func FuzzDecode(f *testing.F) {
	form, err := schemaform.New(schemaOf(f, quiz.New()))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("questions.~n=1&questions.0.id=a&questions.0.points=x&op=add:questions.0.choices")
	f.Add("questions.~n=2&op=down:questions.0&questions.1.~keys=[\"id\"]")
	f.Add("~keys=[\"intro\"]&intro=%0D%0Ahi&max_attempts=1e400")
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		r := form.DecodeResult(values, "")
		if !json.Valid(r.Value) {
			t.Fatalf("not JSON: %s", r.Value)
		}
		again := post(t, form.Render(r.Value, r.Problems, ""), "")
		if v, _ := form.Decode(again, ""); !json.Valid(v) {
			t.Fatalf("not JSON after a round trip: %s", v)
		}
	})
}
