package feed

import "testing"

func TestNewer(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		newer bool
	}{
		{"1.1.0", "1.0.0", true},
		{"1.0.0", "1.1.0", false},
		{"1.0.0", "1.0.0", false},
		{"1.10.0", "1.9.0", true},
		{"2", "1.9.9", true},
		{"1.0", "1.0.0", false},
		{"1.0.0", "1.0.0-rc.1", true},
		{"1.0.0-rc.2", "1.0.0-rc.1", true},
		{"v1.2.0", "1.1.0", true},
		{"2024-spring", "2023-fall", true},
	} {
		if got := Newer(c.a, c.b); got != c.newer {
			t.Errorf("Newer(%q, %q) = %v, want %v", c.a, c.b, got, c.newer)
		}
	}
}
