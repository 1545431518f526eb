package learning

import "testing"

func TestLicenseOf(t *testing.T) {
	cases := []struct{ id, name, url string }{
		{"CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"},
		{"CC0-1.0", "Creative Commons Zero 1.0 (public domain dedication)", "https://creativecommons.org/publicdomain/zero/1.0/"},
		{"LicenseRef-Springfield", "LicenseRef-Springfield", ""},
		{"MIT OR CC-BY-4.0", "MIT OR CC-BY-4.0", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		if got := LicenseOf(c.id); got != (License{ID: c.id, Name: c.name, URL: c.url}) {
			t.Errorf("LicenseOf(%q) = %+v", c.id, got)
		}
	}
}
