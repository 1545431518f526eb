package schemaform_test

import (
	"net/url"
	"testing"

	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/plugins/quiz"
)

// TestForgedPosts: a post the form never produced (a stale page, a hand-
// made request) gives problems or an empty value, never a panic or a huge
// allocation.
func TestForgedPosts(t *testing.T) {
	f, err := schemaform.New(schemaOf(t, quiz.New()))
	if err != nil {
		t.Fatal(err)
	}
	clean := map[string]bool{"Empty": true, "BadKeys": true} // nothing to report: read as no settings
	for name, form := range map[string]url.Values{
		"Empty":         {},
		"HugeCount":     {"questions.~n": {"99999999"}},
		"NegativeCount": {"questions.~n": {"-1"}},
		"WordCount":     {"questions.~n": {"many"}},
		"BadKeys":       {"~keys": {"{"}, "questions.~n": {"1"}, "questions.0.~keys": {`[1, 2]`}},
		"BadOps":        {"op": {"up:"}, "questions.~n": {"0"}},
		"OpIntoText":    {"op": {"add:questions.0.id"}, "questions.~n": {"1"}},
		"OpOutOfRange":  {"op": {"down:questions.0.choices.9"}, "questions.~n": {"1"}, "questions.0.choices.~n": {"1"}},
		"Escapes":       {"op": {"add:~0~1~2"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := f.DecodeResult(form, "")
			if len(r.Value) == 0 {
				t.Error("no value")
			}
			if (r.Problems == nil) != clean[name] {
				t.Errorf("problems %v", r.Problems)
			}
			// What comes back renders.
			_ = f.Render(r.Value, r.Problems, "")
		})
	}
}
