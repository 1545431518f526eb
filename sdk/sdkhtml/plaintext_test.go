package sdkhtml

import "testing"

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"**Who** pays?", "Who pays?"},
		{"A [link](https://a.example/) and `code`", "A link and code"},
		{"First paragraph.\n\nSecond.", "First paragraph. Second."},
		{"- one\n- two", "one two"},
		{"![A map of the branch](map.png) here", "A map of the branch here"},
		{"Fish & chips", "Fish & chips"},
	} {
		if got := PlainText(tc.in); got != tc.want {
			t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
