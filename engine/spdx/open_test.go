package spdx

import "testing"

func TestIsOpen(t *testing.T) {
	for _, c := range []struct {
		expr string
		open bool
	}{
		{"CC-BY-4.0", true},
		{"cc-by-sa-4.0", true},
		{"CC0-1.0", true},
		{"MIT", true},
		{"Apache-2.0", true},
		{"CC-BY-NC-4.0", false},
		{"CC-BY-ND-4.0", false},
		{"CC-BY-NC-SA-4.0", false},
		{"", false},
		{"LicenseRef-Library-Only", false},
		{"not a license", false},
		{"CC-BY-NC-4.0 OR CC-BY-4.0", true},
		{"CC-BY-4.0 AND CC-BY-NC-4.0", false},
		{"CC-BY-4.0 AND (MIT OR CC-BY-NC-4.0)", true},
		{"(CC-BY-NC-4.0 OR CC-BY-ND-4.0) AND MIT", false},
		{"GPL-3.0-or-later WITH Classpath-exception-2.0", true},
		{"GPL-2.0-only", false},
	} {
		if got := IsOpen(c.expr); got != c.open {
			t.Errorf("IsOpen(%q) = %v, want %v", c.expr, got, c.open)
		}
	}
}
