package postgres

import (
	"slices"
	"testing"

	"github.com/lib/pq"
)

// textArrayCases are arrays whose elements need quoting: IRIs, empty
// strings, quotes, backslashes, braces, commas, spaces and non-ASCII.
var textArrayCases = [][]string{
	nil,
	{},
	{"https://ce.library.example/modules/m-1"},
	{"", "NULL", "a,b", "{x}", " lead", "trail "},
	{`say "hi"`, `C:\path\`, `\"`, `"\`},
	{"mbox:mailto:ana@example.com", "r:account:https://ex.example|ana", "héllo ✓", "tab\there", "line\nbreak"},
}

// TestTextArrayAsPQ: textArray writes what pq.StringArray's Value wrote
// before it replaced pq.Array in rowArgs (for nil, the empty array the
// columns need rather than NULL).
func TestTextArrayAsPQ(t *testing.T) {
	for _, ss := range textArrayCases {
		want, err := pq.StringArray(append([]string{}, ss...)).Value()
		if err != nil {
			t.Fatal(err)
		}
		if got := textArray(ss); got != want {
			t.Errorf("textArray(%q) = %s, want %s", ss, got, want)
		}
	}
}

// TestTextArrayRoundTrip: PostgreSQL reads each literal back as the same
// elements, as the INSERT's $n::text[] and COPY's text[] columns do.
func TestTextArrayRoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	for _, ss := range textArrayCases {
		var got pq.StringArray
		if err := db.db.GetContext(t.Context(), &got, `SELECT $1::text[]`, textArray(ss)); err != nil {
			t.Fatalf("%q: %v", ss, err)
		}
		if !slices.Equal([]string(got), append([]string{}, ss...)) {
			t.Errorf("%q came back as %q", ss, got)
		}
	}
}
