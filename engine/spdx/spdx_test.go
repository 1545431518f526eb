package spdx

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		expr, want, err string
	}{
		{expr: "CC-BY-4.0", want: "CC-BY-4.0"},
		{expr: "cc-by-sa-4.0", want: "CC-BY-SA-4.0"},
		{expr: "CC0-1.0", want: "CC0-1.0"},
		{expr: "GPL-2.0", want: "GPL-2.0"}, // deprecated, still an id
		{expr: "GPL-2.0+", want: "GPL-2.0+"},
		{expr: "MIT OR (Apache-2.0 WITH LLVM-exception)", want: "MIT OR (Apache-2.0 WITH LLVM-exception)"},
		{expr: "mit and cc-by-4.0", want: "MIT AND CC-BY-4.0"},
		{expr: "LicenseRef-our-library", want: "LicenseRef-our-library"},
		{expr: "CC-BY-4", err: `"CC-BY-4" is not an SPDX license id; did you mean CC-BY-4.0?`},
		{expr: "MIT OR CC-BY-SA-4", err: `"CC-BY-SA-4" is not an SPDX license id; did you mean CC-BY-SA-4.0?`},
		{expr: "Apache-2.0 WITH LLVM-exceptoin", err: "did you mean LLVM-exception?"},
		{expr: "Proprietary-Library-License-Of-Ours", err: "not an SPDX license id (see https://spdx.org/licenses/)"},
		{expr: "", err: "empty"},
		{expr: "MIT AND", err: "missing"},
		{expr: "(MIT", err: "never closed"},
		{expr: "MIT Apache-2.0", err: `unexpected "Apache-2.0"`},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			got, err := Check(tc.expr)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Check(%q): %v", tc.expr, err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("Check(%q) = %q, %v; want an error containing %q", tc.expr, got, err, tc.err)
			case got != tc.want:
				t.Fatalf("Check(%q) = %q, want %q", tc.expr, got, tc.want)
			}
		})
	}
}

func TestListIsEmbedded(t *testing.T) {
	if !IsLicense("CC-BY-4.0") || !IsLicense("MIT") || IsLicense("CC-BY-4") {
		t.Fatal("the embedded license list is not the SPDX list")
	}
	if v := ListVersion(); !strings.HasPrefix(v, "3.") {
		t.Fatalf("ListVersion() = %q", v)
	}
}
