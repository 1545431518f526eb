package admin

import (
	"testing"

	"github.com/lode-elearning/lode/engine"
)

func TestNormalEmail(t *testing.T) {
	for _, c := range []struct{ in, want, code string }{
		{" Ada@Library.Example ", "ada@library.example", ""},
		{"", "", engine.EINVALID},
		{"ada", "", engine.EINVALID},
		{"ada@localhost", "", engine.EINVALID},
		{"Ada <ada@library.example>", "", engine.EINVALID},
		{"ada@library.example, bob@library.example", "", engine.EINVALID},
	} {
		got, err := NormalEmail("email", c.in)
		if got != c.want || engine.ErrorCode(err) != c.code {
			t.Errorf("NormalEmail(%q) = %q, %v; want %q, code %q", c.in, got, err, c.want, c.code)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"short", false},
		{"elevenchars", false},
		{"twelve chars", true},
		{"ünïcödé pässwörd", true},
		{string(make([]rune, 257)), false},
	} {
		if err := checkPassword("password", c.in); (err == nil) != c.ok {
			t.Errorf("checkPassword(%d runes) = %v, want ok %v", len([]rune(c.in)), err, c.ok)
		}
	}
}
