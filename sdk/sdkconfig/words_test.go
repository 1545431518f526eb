package sdkconfig_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

func TestSuggest(t *testing.T) {
	known := []string{"intro", "passing_score", "max_attempts", "shuffle", "questions"}
	tests := []struct{ key, want string }{
		{"pasing_score", "passing_score"},
		{"Shuffle", "shuffle"},
		{"max_attempt", "max_attempts"},
		{"questoins", "questions"},
		{"intro", "intro"},
		{"colour", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := sdkconfig.Suggest(tt.key, known); got != tt.want {
				t.Errorf("Suggest(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
	t.Run("TieGoesToTheFirstKnown", func(t *testing.T) {
		if got := sdkconfig.Suggest("bat", []string{"cat", "bag"}); got != "cat" {
			t.Errorf("Suggest = %q, want cat", got)
		}
	})
	t.Run("CountsCharactersNotBytes", func(t *testing.T) {
		if got := sdkconfig.Suggest("légende", []string{"legend"}); got != "legend" {
			t.Errorf("Suggest = %q, want legend", got)
		}
	})
}

func TestJoin(t *testing.T) {
	tests := []struct{ ptr, key, want string }{
		{"", "body", "/body"},
		{"/items/0", "link", "/items/0/link"},
		{"", "a/b~c", "/a~1b~0c"},
		{"/x", "~1", "/x/~01"},
		{"", "", "/"},
	}
	for _, tt := range tests {
		if got := sdkconfig.Join(tt.ptr, tt.key); got != tt.want {
			t.Errorf("Join(%q, %q) = %q, want %q", tt.ptr, tt.key, got, tt.want)
		}
	}
}

func TestInvalidJSON(t *testing.T) {
	raw := []byte("{\n  \"a\": }")
	var v any
	err := json.Unmarshal(raw, &v)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"syntax", err, "the configuration is not valid JSON (line 2, column 8): invalid character '}' looking for beginning of value"},
		{"other", errors.New("unexpected data after the configuration"), "the configuration is not valid JSON: unexpected data after the configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sdkconfig.InvalidJSON(raw, tt.err); got != tt.want {
				t.Errorf("InvalidJSON = %q, want %q", got, tt.want)
			}
		})
	}
}
