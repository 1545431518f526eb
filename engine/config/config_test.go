package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// noEnv is an environment with nothing set.
func noEnv(string) (string, bool) { return "", false }

// envOf returns an environment holding vars.
func envOf(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

// writeConfig writes a config file and returns its path.
func writeConfig(tb testing.TB, text string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "lode.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestDefault_IsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
}

// configs/lode.yaml documents every setting with its default: reading it
// must give exactly Default().
func TestSampleFileHoldsTheDefaults(t *testing.T) {
	got, err := Load(filepath.Join("..", "..", "configs", "lode.yaml"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if want := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("configs/lode.yaml gives\n %+v\nDefault() is\n %+v", got, want)
	}
}

func TestDatabase(t *testing.T) {
	tests := []struct {
		url, kind, path string
	}{
		{"", SQLite, filepath.Join("./data", "lode.db")},
		{"sqlite:lode-test.db", SQLite, "lode-test.db"},
		{"sqlite:/var/lib/lode/lode.db", SQLite, "/var/lib/lode/lode.db"},
		{"sqlite:///var/lib/lode/lode.db", SQLite, "/var/lib/lode/lode.db"},
		{"sqlite::memory:", SQLite, ":memory:"},
		{"postgres://lode@db/lode", Postgres, ""},
		{"postgresql://lode@db/lode", Postgres, ""},
		{"mysql://lode@db/lode", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c := Default()
			c.DatabaseURL = tt.url
			if got := c.DatabaseKind(); got != tt.kind {
				t.Errorf("DatabaseKind() = %q, want %q", got, tt.kind)
			}
			if got := c.SQLitePath(); got != tt.path {
				t.Errorf("SQLitePath() = %q, want %q", got, tt.path)
			}
		})
	}
}
