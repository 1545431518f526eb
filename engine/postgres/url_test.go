package postgres

import "testing"

func TestWithBinaryParameters(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://lode@db:5432/lode", "postgres://lode@db:5432/lode?binary_parameters=yes"},
		{"postgresql://lode@db/lode?sslmode=require", "postgresql://lode@db/lode?sslmode=require&binary_parameters=yes"},
		{"postgres://lode@db/lode?binary_parameters=no", "postgres://lode@db/lode?binary_parameters=no"},
		{"host=db dbname=lode", "host=db dbname=lode binary_parameters=yes"},
		{"postgres://lode:p%40ss@db/lode", "postgres://lode:p%40ss@db/lode?binary_parameters=yes"},
	} {
		if got := withBinaryParameters(c.in); got != c.want {
			t.Errorf("withBinaryParameters(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
